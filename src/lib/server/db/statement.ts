import type Database from 'better-sqlite3';
import {
	getTableColumns,
	getTableName,
	is,
	Param,
	Placeholder,
	sql,
	type InferSelectModel,
	type Table
} from 'drizzle-orm';
import type { DbOrTx } from './connection';

/**
 * A query that is built and compiled once per database connection and then run again with
 * new values (`sql.placeholder`). For the hottest paths only (the policy's look-up, sessions,
 * conversation messages): there, building and compiling a query costs more than running it.
 *
 * A transaction handle shares its database's connection, so a statement made from either
 * can run inside or outside a transaction; the cache is keyed by that shared connection.
 */
export function statement<T>(build: (db: DbOrTx) => T): (db: DbOrTx) => T {
	const made = new WeakMap<object, T>();
	return (db) => {
		const key = connectionOf(db);
		let prepared = made.get(key);
		if (prepared === undefined) {
			prepared = build(db);
			made.set(key, prepared);
		}
		return prepared;
	};
}

/** The session object a database and all its transaction handles share. */
function connectionOf(db: DbOrTx): object {
	const session = (db as unknown as { session?: object }).session;
	if (!session) throw new Error('Not a database handle');
	return session;
}

/** A statement run on the driver itself: values in by name, rows out as arrays in the order selected. */
export interface DriverStatement {
	get(values?: Record<string, unknown>): unknown[] | undefined;
	all(values?: Record<string, unknown>): unknown[][];
	run(values?: Record<string, unknown>): { changes: number };
}

/**
 * For the few statements every conversation message runs. The query builder writes the SQL
 * (so names are checked against the schema) and the statement is compiled once per
 * connection, but it runs on the driver directly: the caller passes values as the database
 * stores them (JSON as text, times as milliseconds) and reads rows as arrays, skipping the
 * builder's per-value mapping, which on these paths costs more than the statement itself.
 */
export function driverStatement(
	build: (db: DbOrTx) => { toSQL(): { sql: string; params: unknown[] } },
	/** Checks, once per connection, the columns a reading statement returns (see `tableReader`). */
	verify?: (columns: Database.ColumnDefinition[]) => void
): (db: DbOrTx) => DriverStatement {
	return statement((db) => {
		const { sql, params } = build(db).toSQL();
		const compiled = clientOf(db).prepare(sql);
		verify?.(compiled.columns());
		// Each "?" is either a named placeholder (possibly wrapped with its column) or a fixed value.
		const slots = params.map((p): { named: string } | { fixed: unknown } => {
			const inner = is(p, Param) ? p.value : p;
			return is(inner, Placeholder) ? { named: inner.name as string } : { fixed: inner };
		});
		const args = (values: Record<string, unknown> = {}) =>
			slots.map((slot) => {
				if ('fixed' in slot) return slot.fixed;
				if (!(slot.named in values)) throw new Error(`No value for ${slot.named}`);
				return values[slot.named];
			});
		// Rows as arrays, set on every read: the connection hands the same compiled statement to
		// anyone preparing the same SQL, in its default mode.
		return {
			get: (values) => compiled.raw(true).get(...args(values)) as unknown[] | undefined,
			all: (values) => compiled.raw(true).all(...args(values)) as unknown[][],
			run: (values) => compiled.run(...args(values))
		};
	});
}

/**
 * A LIMIT written into a statement's text instead of bound to it, for `.limit()`: SQLite may pick
 * a plan by a LIMIT's value, so each time one is bound it plans the statement afresh, which on a
 * hot path costs more than running it. Only for limits the code chooses, never for input.
 */
export function writtenLimit(rows: number): number {
	if (!Number.isSafeInteger(rows) || rows < 0) throw new Error(`Not a limit: ${rows}`);
	// The builder writes an SQL chunk given as a limit just as it is.
	return sql.raw(String(rows)) as unknown as number;
}

/**
 * Reads a whole table's row out of a driver row (`driverStatement`) that selected the table as
 * the query builder does (`select({ name: table })`: its columns in the order they are declared),
 * starting at `at`; each value is decoded by its column, as the builder would (times as dates,
 * flags as booleans, nulls left alone).
 */
export function tableReader<T extends Table>(
	table: T
): {
	width: number;
	read(row: unknown[], at?: number): InferSelectModel<T>;
	/** Throws unless the statement's columns from `at` on are this table's, in this order. */
	check(columns: Database.ColumnDefinition[], at?: number): void;
} {
	const columns = Object.entries(getTableColumns(table));
	const name = getTableName(table);
	return {
		width: columns.length,
		check(returned, at = 0) {
			columns.forEach(([, column], i) => {
				const got = returned[at + i];
				if (got?.table !== name || got.column !== column.name)
					throw new Error(
						`Column ${at + i} is ${got?.table}.${got?.column}, not ${name}.${column.name}`
					);
			});
		},
		read(row, at = 0) {
			const out: Record<string, unknown> = {};
			for (let i = 0; i < columns.length; i++) {
				const [key, column] = columns[i]!;
				const value = row[at + i];
				out[key] = value === null ? null : column.mapFromDriverValue(value);
			}
			return out as InferSelectModel<T>;
		}
	};
}

const driverOf = (db: DbOrTx) =>
	(db as unknown as { session?: { client?: Database.Database } }).session?.client;

function clientOf(db: DbOrTx): Database.Database {
	const client = driverOf(db);
	if (!client) throw new Error('Not a database handle');
	return client;
}

/** Whether the connection is inside a transaction; when that cannot be told, it is taken to be. */
export const inTransaction = (db: DbOrTx): boolean => driverOf(db)?.inTransaction ?? true;

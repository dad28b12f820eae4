import { describe, expect, expectTypeOf, it } from 'vitest';
import {
	getTableColumns,
	getTableName,
	is,
	SQL,
	type Column,
	type InferInsertModel,
	type InferSelectModel,
	type Table
} from 'drizzle-orm';
import { getTableConfig as sqliteConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { getTableConfig as pgConfig, PgTable } from 'drizzle-orm/pg-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrationsFolder } from './paths';
import * as lite from './schema-sqlite';
import * as pg from './schema-pg';

/**
 * Which column types give the services which JavaScript value, on each engine: a column's type
 * on one side must sit in the same row as its type on the other. A type in no row fails the test
 * until it is added here, with the value it reads as.
 */
const valueTypes: Record<string, { sqlite: string[]; pg: string[] }> = {
	string: { sqlite: ['SQLiteText'], pg: ['PgText text'] },
	number: { sqlite: ['SQLiteInteger'], pg: ['PgInteger integer', 'PgBigInt53 bigint'] },
	boolean: { sqlite: ['SQLiteBoolean'], pg: ['PgBoolean boolean'] },
	Date: {
		sqlite: ['SQLiteTimestamp timestamp_ms', 'SQLiteTimestamp timestamp'],
		pg: ['PgTimestamp timestamp (3) with time zone']
	},
	'JSON (keys in written order)': { sqlite: ['SQLiteTextJson'], pg: ['PgJson json'] },
	Buffer: { sqlite: ['SQLiteBlobBuffer'], pg: ['PgCustomColumn bytea'] }
};

function valueType(engine: 'sqlite' | 'pg', column: Column): string {
	const type =
		engine === 'pg'
			? `${column.columnType} ${column.getSQLType()}`
			: column.columnType === 'SQLiteTimestamp' && 'mode' in column
				? `${column.columnType} ${String(column.mode)}`
				: column.columnType;
	const found = Object.entries(valueTypes).find(([, types]) => types[engine].includes(type));
	return found ? found[0] : `not in valueTypes: ${type}`;
}

type Config = ReturnType<typeof sqliteConfig> | ReturnType<typeof pgConfig>;
const names = (columns: readonly Partial<{ name: string }>[]) => columns.map((c) => c.name);
const byName = <T extends { name?: string }>(list: T[]) =>
	list.sort((a, b) => String(a.name).localeCompare(String(b.name)));

/** A table as the services and the database see it, in terms both engines share. */
function shape(engine: 'sqlite' | 'pg', table: Table, config: Config) {
	const columns = Object.fromEntries(
		Object.entries(getTableColumns(table)).map(([key, c]) => [
			key,
			{
				name: c.name,
				type: valueType(engine, c),
				enumValues: c.enumValues,
				notNull: c.notNull,
				primary: c.primary,
				unique: c.isUnique ? (c.uniqueName ?? true) : false,
				hasDefault: c.hasDefault,
				// An SQL default is written in each engine's own words: only that there is one is compared.
				default: is(c.default, SQL) ? 'an SQL expression' : c.default,
				defaultFn: c.defaultFn !== undefined,
				onUpdateFn: c.onUpdateFn !== undefined
			}
		])
	);
	return {
		name: config.name,
		columns,
		primaryKeys: config.primaryKeys.map((pk) => ({
			name: pk.getName(),
			columns: names(pk.columns)
		})),
		foreignKeys: byName(
			config.foreignKeys.map((fk) => {
				const ref = fk.reference();
				return {
					name: fk.getName(),
					columns: names(ref.columns),
					table: getTableName(ref.foreignTable),
					foreignColumns: names(ref.foreignColumns),
					onDelete: fk.onDelete ?? 'no action',
					onUpdate: fk.onUpdate ?? 'no action'
				};
			})
		),
		uniqueConstraints: byName(
			config.uniqueConstraints.map((u) => ({ name: u.getName(), columns: names(u.columns) }))
		),
		indexes: byName(
			config.indexes.map(({ config: ix }) => ({
				name: ix.name,
				columns: ix.columns.map((c) => ('name' in c ? c.name : 'an SQL expression')),
				unique: ix.unique,
				// The condition of a partial index is written in each engine's own words.
				partial: ix.where !== undefined
			}))
		),
		checks: config.checks.map((c) => c.name).sort()
	};
}

const sqliteTables = Object.fromEntries(
	Object.entries(lite as Record<string, unknown>).filter((e): e is [string, SQLiteTable] =>
		is(e[1], SQLiteTable)
	)
);
const pgTables = Object.fromEntries(
	Object.entries(pg as Record<string, unknown>).filter((e): e is [string, PgTable] =>
		is(e[1], PgTable)
	)
);

describe('the PostgreSQL schema mirrors the SQLite one', () => {
	it('exports the same names: tables, and the lists of values they share', () => {
		expect(Object.keys(pg).sort()).toEqual(Object.keys(lite).sort());
		expect(Object.keys(pgTables).sort()).toEqual(Object.keys(sqliteTables).sort());
	});

	it.each(Object.keys(sqliteTables).sort())(
		'%s: same table, columns, value types, keys, indexes and checks',
		(key) => {
			const sqliteTable = sqliteTables[key]!;
			const pgTable = pgTables[key];
			expect(pgTable, `schema-pg has no table ${key}`).toBeDefined();
			expect(shape('pg', pgTable!, pgConfig(pgTable!))).toEqual(
				shape('sqlite', sqliteTable, sqliteConfig(sqliteTable))
			);
		}
	);

	it('names nothing longer than PostgreSQL keeps (63 bytes; it would cut the name silently)', () => {
		const tooLong = Object.values(pgTables).flatMap((table) => {
			const config = pgConfig(table);
			return [
				config.name,
				...config.columns.map((c) => c.name),
				...config.indexes.map((i) => i.config.name ?? ''),
				...config.foreignKeys.map((fk) => fk.getName()),
				...config.primaryKeys.map((pk) => pk.getName()),
				...config.uniqueConstraints.map((u) => u.getName() ?? ''),
				...config.columns.flatMap((c) => (c.uniqueName ? [c.uniqueName] : []))
			].filter((name) => Buffer.byteLength(name) > 63);
		});
		expect(tooLong).toEqual([]);
	});
});

/** The schema a migrations folder's newest migration leaves, as drizzle-kit recorded it. */
function newestSnapshot(folder: string) {
	const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8'));
	const idx: number = journal.entries.at(-1).idx;
	const file = join(folder, 'meta', `${String(idx).padStart(4, '0')}_snapshot.json`);
	return JSON.parse(readFileSync(file, 'utf8'));
}

describe('each migrations folder is up to date with its schema', () => {
	it('drizzle/pg: generating now would write nothing', async () => {
		const kit = await import('drizzle-kit/api');
		const snapshot = newestSnapshot(join(migrationsFolder(), 'pg'));
		const now = kit.generateDrizzleJson(pg, snapshot.id);
		expect(await kit.generateMigration(snapshot, now)).toEqual([]);
	});

	it('drizzle (SQLite): generating now would write nothing', async () => {
		const kit = await import('drizzle-kit/api');
		const snapshot = newestSnapshot(migrationsFolder());
		const now = await kit.generateSQLiteDrizzleJson(lite, snapshot.id);
		expect(await kit.generateSQLiteMigration(snapshot, now)).toEqual([]);
	});
});

// Checked by the compiler (svelte-check), not when the tests run: each table's rows, as read
// and as written, are assignable both ways between the engines. A failure names the tables
// that differ ("Expected: literal string: <table>").
type Rows<S, Mode extends 'select' | 'insert'> = {
	[K in keyof S as S[K] extends Table ? K : never]: S[K] extends Table
		? Mode extends 'select'
			? InferSelectModel<S[K]>
			: InferInsertModel<S[K]>
		: never;
};
type Interchangeable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type KeysThatDiffer<A, B> = {
	[K in keyof A | keyof B]: K extends keyof A & keyof B
		? Interchangeable<A[K], B[K]> extends true
			? never
			: K
		: K;
}[keyof A | keyof B];
expectTypeOf<never>().toEqualTypeOf<
	KeysThatDiffer<Rows<typeof lite, 'select'>, Rows<typeof pg, 'select'>>
>();
expectTypeOf<never>().toEqualTypeOf<
	KeysThatDiffer<Rows<typeof lite, 'insert'>, Rows<typeof pg, 'insert'>>
>();

import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'drizzle-orm';
import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import { PgTransaction, type PgDatabase, type PgTable } from 'drizzle-orm/pg-core';
import type * as pgSchema from './schema-pg';
import {
	migratePostgres,
	onOneConnection,
	openPostgres,
	serializable,
	type PgDb
} from './postgres';
import { SqliteEngine } from './sqlite';
import { fillDerived } from './derived';
import { engineName } from './paths';

/**
 * A database handle, on either engine. Typed as PostgreSQL's query builder, so that the services
 * compile only if they use what both builders share; on SQLite it is the same builder over
 * better-sqlite3 (see sqlite.ts). A transaction's handle is one too.
 */
export type Db = PgDatabase<NodePgQueryResultHKT, typeof pgSchema>;
/** Kept as names for the handle a transaction's body is given; the same type. */
export type Tx = Db;
export type DbOrTx = Db;

export interface Connection {
	engine: 'sqlite' | 'postgres';
	db: Db;
	/** Where the data is: the SQLite file's path, or the PostgreSQL URL. */
	path: string;
	/** SQLite only: the engine, for backups and the file's own settings. */
	sqlite: SqliteEngine | null;
	/** Resolves once the database is migrated and ready for requests. */
	ready: Promise<void>;
	close(): Promise<void>;
}

const engines = new WeakMap<object, SqliteEngine>();

/**
 * Opens a database: PostgreSQL when `target` is a postgres:// URL, a SQLite file otherwise. A
 * SQLite file is migrated before this returns; PostgreSQL is migrated by `ready`.
 */
export function openDatabase(target: string): Connection {
	const postgres = /^postgres(ql)?:\/\//.test(target);
	// The services' tables are chosen once per process, by DATABASE_URL (see schema/index.ts).
	if (postgres !== (engineName() === 'postgres'))
		throw new Error(
			`This process uses ${engineName()}'s tables and cannot open ${postgres ? 'PostgreSQL' : 'a SQLite file'}`
		);
	if (postgres) {
		const pg = openPostgres(target);
		const db = pg as unknown as Db;
		const ready = migratePostgres(pg).then(() => fillDerived(db));
		ready.catch(() => {}); // reported to whoever awaits it
		return {
			engine: 'postgres',
			db,
			path: target,
			sqlite: null,
			ready: ready.then(() => undefined),
			close: () => pg.$client.end()
		};
	}
	const engine = new SqliteEngine(target);
	engine.migrate();
	engines.set(engine.outside, engine);
	engines.set(engine.inside, engine);
	const db = engine.outside as unknown as Db;
	const ready = fillDerived(db).then(() => undefined);
	ready.catch(() => {});
	return {
		engine: 'sqlite',
		db,
		path: target,
		sqlite: engine,
		ready,
		close: async () => {
			await ready.catch(() => {});
			engine.close();
		}
	};
}

/** Opens a database and waits until it is ready. */
export async function openReady(target: string): Promise<Connection> {
	const conn = openDatabase(target);
	await conn.ready;
	return conn;
}

export interface TransactionOptions {
	/**
	 * The body locks the rows it will change before reading them (`forUpdate`), so that writers of
	 * the same rows queue rather than refuse each other: for a hot row many requests change at
	 * once (a counter). On PostgreSQL it runs at READ COMMITTED, where a locked row is read as the
	 * last writer left it; on SQLite every transaction has the database to itself anyway.
	 */
	locking?: boolean;
}

/**
 * Runs `body` as one transaction and returns what it returns; if it throws, nothing it did
 * happened. The body must use the handle it is given (`tx`), and must not wait for anything
 * outside the database that could wait for it in turn.
 *
 * On SQLite the transaction has the connection to itself (others wait their turn). On
 * PostgreSQL it is SERIALIZABLE and is run again from the start if PostgreSQL refuses it, so
 * the body must do nothing but database work. Called with a transaction's handle, it runs in
 * a savepoint of that transaction.
 *
 * Whatever must hold whatever else happens at the same moment (a form sent twice creating one
 * thing, a limit, a state that moves on once) is read and written in one transaction: between
 * two statements outside one, another request can come in.
 */
export function transaction<T>(
	db: Db,
	body: (tx: Db) => Promise<T>,
	options: TransactionOptions = {}
): Promise<T> {
	const engine = engines.get(db);
	if (engine?.inside === (db as unknown) || db instanceof PgTransaction) return nested(db, body);
	const after: Hooks = { open: true, run: [] };
	// A body run again (on PostgreSQL) starts with none of the previous run's hooks.
	const once = (tx: Db) => ((after.run = []), committing.run(after, () => body(tx)));
	const done = engine
		? engine.transaction(() => once(engine.inside as unknown as Db))
		: serializable(db as unknown as PgDb, (tx) => once(tx as unknown as Db), {
				isolation: options.locking ? 'read committed' : 'serializable'
			});
	return done.then(
		(value) => {
			after.open = false;
			for (const hook of after.run) hook();
			return value;
		},
		(error: unknown) => {
			after.open = false;
			throw error;
		}
	);
}

/** A transaction inside a transaction: a savepoint of it. */
function nested<T>(tx: Db, body: (tx: Db) => Promise<T>): Promise<T> {
	const engine = engines.get(tx);
	if (engine) return engine.transaction(() => body(tx));
	return (tx as unknown as PgDb).transaction((inner) => body(inner as unknown as Db));
}

/** What to do once the transaction the caller is in has committed. */
interface Hooks {
	open: boolean;
	run: (() => void)[];
}
const committing = new AsyncLocalStorage<Hooks>();

/**
 * Runs `hook` once the transaction the caller is in has committed, or at once outside one: for
 * telling someone in the same process about a change (waking the mail sender), who must not
 * look before the change is there to see. Nothing happens if the transaction does not commit.
 */
export function afterCommit(hook: () => void): void {
	const hooks = committing.getStore();
	if (hooks?.open) hooks.run.push(hook);
	else hook();
}

/**
 * A select that, on PostgreSQL, locks the rows it reads until the transaction ends (`FOR
 * UPDATE`); another transaction locking one of them waits for this one. With `skipLocked`, rows
 * another transaction holds are left out instead of waited for (`FOR UPDATE SKIP LOCKED`; see
 * `holdingRow`). With `of`, only the rows of that table are locked, in a select that joins
 * others (`FOR UPDATE OF`). On SQLite, the select as it is: its one writer already works alone.
 * See `TransactionOptions.locking`.
 */
export function forUpdate<Q>(
	db: Db,
	query: Q,
	{ skipLocked = false, of }: { skipLocked?: boolean; of?: PgTable } = {}
): Q {
	if (engines.has(db)) return query;
	const locking = query as unknown as {
		for(strength: 'update', config?: { skipLocked?: boolean; of?: PgTable }): Q;
	};
	if (!skipLocked && !of) return locking.for('update');
	return locking.for('update', { ...(skipLocked ? { skipLocked } : {}), ...(of ? { of } : {}) });
}

/**
 * How long a row may be held without a word from the process holding it, before PostgreSQL ends
 * that process's session and the row is free for the others: longer than any one piece of work
 * (a message sent, at most about a minute with its time-outs), far shorter than the hours a
 * connection to a machine that lost its power or its network takes to be noticed as gone.
 */
export const HELD_SILENT_MS = 120_000;

/**
 * Does `work` on one row while this process holds it, so that other processes doing the same
 * skip it; for background work that talks to the outside world, such as sending a message.
 *
 * On PostgreSQL, `find` runs in a transaction of its own (READ COMMITTED, never run twice) and
 * reads the row through `forUpdate` with `skipLocked`: a row another process holds is skipped, and this one is
 * held through `work` until the transaction ends, so a process that dies mid-work lets go of it
 * at once, and one that goes silent (its machine gone) after `silentMs`. On SQLite (made for one
 * process) there is no transaction around `work`: SQLite has one writer, and holding it while
 * talking to the outside world would hold up everyone.
 *
 * Returns null when `find` finds nothing to do.
 */
export async function holdingRow<R, T>(
	db: Db,
	find: (tx: Db) => Promise<R | undefined>,
	work: (tx: Db, row: R) => Promise<T>,
	silentMs = HELD_SILENT_MS
): Promise<T | null> {
	if (engines.has(db)) {
		const row = await find(db);
		return row === undefined ? null : work(db, row);
	}
	return onOneConnection(
		db as unknown as PgDb,
		async (pgTx) => {
			const tx = pgTx as unknown as Db;
			await tx.execute(
				sql`select set_config('idle_in_transaction_session_timeout', ${String(silentMs)}, true)`
			);
			const row = await find(tx);
			return row === undefined ? null : work(tx, row);
		},
		{ isolationLevel: 'read committed' }
	);
}

/** A query with placeholders, as any of the query builders makes one. */
interface Preparable<V, R> {
	prepare(name: string): { execute(values: V): Promise<R> };
}

/**
 * A hot statement (run for every conversation message or every page, say), written once with
 * placeholders (`sql.placeholder`) for its values, and run with `values`. Its SQL is made once
 * per handle rather than on every run: on SQLite for the handle outside transactions and the one
 * inside (which stay the same), the engine keeping the compiled statement; on PostgreSQL for the
 * pool's handle, and for each connection's transactions (whose handles are new each time, on a
 * session that stays). PostgreSQL keeps it parsed and planned on each connection under `name`,
 * one name for one statement.
 */
export function kept<V extends Record<string, unknown>, R>(
	name: string,
	build: (db: Db) => Preparable<V, R>
): (db: Db, values: V) => Promise<R> {
	const made = new WeakMap<object, { execute(values: V): Promise<R> }>();
	return (db, values) => {
		// A PostgreSQL transaction's handle is new each time, but runs on its connection's session,
		// which stays (see `onOneConnection`); a statement built for it runs on that connection.
		const key = (db as object) instanceof PgTransaction ? db._.session : db;
		let prepared = made.get(key);
		if (!prepared) made.set(key, (prepared = build(db).prepare(name)));
		return prepared.execute(values);
	};
}

/** Whether a handle is a transaction's (whose reads must see what is there now). */
export function inTransaction(db: Db): boolean {
	const engine = engines.get(db);
	return engine ? (db as unknown) === engine.inside : db instanceof PgTransaction;
}

/** The SQLite engine behind a handle, or null on PostgreSQL. */
export function sqliteEngineOf(db: Db): SqliteEngine | null {
	return engines.get(db) ?? null;
}

/** Whether the database answers. */
export async function ping(db: Db): Promise<boolean> {
	const [row] = await db.select({ ok: sql<number>`1` }).from(sql`(select 1) as ping`);
	return Number(row?.ok) === 1;
}

/** What each engine calls a write refused by a constraint, by the kind of constraint. */
const REFUSALS = {
	unique: ['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY', '23505'],
	reference: ['SQLITE_CONSTRAINT_FOREIGNKEY', '23503']
} as const;

/**
 * Whether a write was refused by a constraint of that kind (a unique key taken, or a reference to
 * a row that is not there), on either engine, however the error was wrapped on its way.
 */
export function refusedBy(error: unknown, kind: keyof typeof REFUSALS): boolean {
	const codes: readonly string[] = REFUSALS[kind];
	for (let e = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
		const code = (e as { code?: unknown }).code;
		if (typeof code === 'string' && codes.includes(code)) return true;
	}
	return false;
}

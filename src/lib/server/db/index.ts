import { openDatabase, sqliteEngineOf, type Connection, type Db } from './connection';
import { databaseTarget } from './paths';

export type { Db, Tx, DbOrTx, Connection } from './connection';
export {
	transaction,
	afterCommit,
	ping,
	holdingRow,
	forUpdate,
	kept,
	refusedBy
} from './connection';
export type { TransactionOptions } from './connection';
export { commitTogether } from './together';
export * as schema from './schema';

const KEY = Symbol.for('trellis.db');
type Holder = { [KEY]?: Connection };

/**
 * The process-wide connection, opened on first use (a SQLite file is migrated then; PostgreSQL
 * by `ready()`, which start-up awaits before the first request).
 * Kept on globalThis so the SvelteKit handler and the socket server share one
 * connection even when a dev server loads modules twice.
 */
export function connection(): Connection {
	const holder = globalThis as Holder;
	holder[KEY] ??= openDatabase(databaseTarget());
	return holder[KEY];
}

export function db(): Db {
	return connection().db;
}

/** Resolves once the process-wide database is migrated and ready. */
export function ready(): Promise<void> {
	return connection().ready;
}

/**
 * After deleting someone's words: on SQLite the file no longer holds them (secure_delete), and
 * the write-ahead log, which can still hold older images of the pages, is written back and
 * emptied, so no copy is left once the deletion has answered. Call it after the deletion's
 * transaction has committed. On PostgreSQL, deleted rows stay in the table's pages until the
 * server's autovacuum reuses them; see docs/deploy.md.
 */
export function forgetDeleted(db: Db): void {
	sqliteEngineOf(db)?.checkpoint();
}

export async function closeDatabase(): Promise<void> {
	const holder = globalThis as Holder;
	const open = holder[KEY];
	delete holder[KEY];
	await open?.close();
}

import { openDatabase, type Connection, type Db } from './connection';
import { databasePath } from './paths';

export type { Db, Tx, DbOrTx } from './connection';
export * as schema from './schema';

const KEY = Symbol.for('trellis.db');
type Holder = { [KEY]?: Connection };

/**
 * The process-wide connection, opened (and migrated) on first use.
 * Kept on globalThis so the SvelteKit handler and the socket server share one
 * connection even when a dev server loads modules twice.
 */
export function connection(): Connection {
	const holder = globalThis as Holder;
	holder[KEY] ??= openDatabase(databasePath());
	return holder[KEY];
}

export function db() {
	return connection().db;
}

/**
 * After deleting someone's words: the database file no longer holds them (secure_delete), and
 * the write-ahead log, which can still hold older images of the pages, is written back and
 * emptied, so no copy is left once the deletion has answered.
 */
export function forgetDeleted(db: Db): void {
	db.$client.pragma('wal_checkpoint(TRUNCATE)');
}

export function closeDatabase(): void {
	const holder = globalThis as Holder;
	holder[KEY]?.sqlite.close();
	delete holder[KEY];
}

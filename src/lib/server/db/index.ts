import { openDatabase, type Connection } from './connection';
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

export function closeDatabase(): void {
	const holder = globalThis as Holder;
	holder[KEY]?.sqlite.close();
	delete holder[KEY];
}

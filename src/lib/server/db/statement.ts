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

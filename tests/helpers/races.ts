import { sql } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db';

/** A gate a transaction waits at until the test opens it, and tells the test when it got there. */
export function gate() {
	let open!: () => void;
	let arrived!: () => void;
	const opened = new Promise<void>((resolve) => (open = resolve));
	const reached = new Promise<void>((resolve) => (arrived = resolve));
	return { open, reached, wait: () => (arrived(), opened) };
}

/**
 * Until `count` connections to this PostgreSQL database wait for a lock (other tests' databases
 * share the server, and are not counted).
 */
export async function someoneWaits(db: Db, count = 1): Promise<void> {
	for (;;) {
		const { rows } = await db.execute<{ n: number }>(
			sql`select count(distinct pid)::int as n from pg_locks where not granted and pid in
				(select pid from pg_stat_activity where datname = current_database())`
		);
		if (rows[0]!.n >= count) return;
		await new Promise((go) => setTimeout(go, 5));
	}
}

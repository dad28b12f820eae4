import { sqliteEngineOf, transaction, type Db, type TransactionOptions } from './connection';

interface Job {
	work: (db: Db) => Promise<unknown>;
	resolve: (value: unknown) => void;
	reject: (error: unknown) => void;
}

const waiting = new WeakMap<Db, Job[]>();

/**
 * Group commit. On SQLite, writes that arrive together (in the same turn of the event loop)
 * share one transaction, so one flush to disk covers them all instead of one each;
 * synchronous=FULL stays on. Each write runs in its own savepoint, so a refused write undoes
 * only itself, and nobody hears that their write succeeded before the whole group is on disk.
 * Writes run in the order they were asked for, and their promises settle in that order.
 *
 * On PostgreSQL each write is its own transaction (with `options`, see `transaction`): the
 * server already lets commits that arrive together share a flush, and one write's retry must not
 * hold up the others.
 */
export function commitTogether<T>(
	db: Db,
	work: (tx: Db) => Promise<T>,
	options: TransactionOptions = {}
): Promise<T> {
	const engine = sqliteEngineOf(db);
	if (!engine) return transaction(db, work, options);
	return new Promise<T>((resolve, reject) => {
		let queue = waiting.get(db);
		if (!queue) {
			queue = [];
			waiting.set(db, queue);
			// Outside the caller's transaction, if it is in one: the group is a transaction of its own.
			engine.detached(() => setImmediate(() => void flush(db)));
		}
		queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
	});
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

async function flush(db: Db): Promise<void> {
	const jobs = waiting.get(db) ?? [];
	waiting.delete(db);
	let outcomes: Outcome[];
	try {
		outcomes = await transaction(db, async (tx) => {
			const done: Outcome[] = [];
			for (const job of jobs) {
				try {
					done.push({ ok: true, value: await transaction(tx, job.work) });
				} catch (error) {
					done.push({ ok: false, error });
				}
			}
			return done;
		});
	} catch (error) {
		// The group did not reach the disk: nothing in it happened.
		for (const job of jobs) job.reject(error);
		return;
	}
	jobs.forEach((job, i) => {
		const outcome = outcomes[i]!;
		if (outcome.ok) job.resolve(outcome.value);
		else job.reject(outcome.error);
	});
}

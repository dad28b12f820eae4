import { sqliteEngineOf, transaction, type Db, type TransactionOptions } from './connection';

interface Job {
	work: (db: Db) => Promise<unknown>;
	resolve: (value: unknown) => void;
	reject: (error: unknown) => void;
}

const waiting = new WeakMap<Db, Job[]>();

/** For `commitTogether`: how the write runs (see `transaction`), and what it locks first. */
export interface TogetherOptions extends TransactionOptions {
	/**
	 * The id of the one row the write locks first (`forUpdate`), with `locking`. On PostgreSQL,
	 * only writes that say so are grouped: a group takes its rows' locks in the order of their
	 * keys, so that two groups (in two processes, say) never each wait for the other. A grouped
	 * write must land once however often it runs (a connection lost as its group commits leaves
	 * it unknown whether the group did, and it is run again).
	 */
	key?: string;
}

/** The most writes one PostgreSQL group holds its locks for at once (one row's all stay together). */
const MOST_IN_A_GROUP = 64;

/**
 * Group commit: writes that arrive together (in the same turn of the event loop) share one
 * transaction, so one commit (and one flush to disk) covers them all instead of one each.
 * Nobody hears that their write succeeded before the whole group is on disk.
 *
 * On SQLite, each write runs in its own savepoint, so a refused write undoes only itself;
 * synchronous=FULL stays on. Writes run in the order they were asked for, and their promises
 * settle in that order.
 *
 * On PostgreSQL, where a savepoint costs two more round trips, a group runs without them: if any
 * write in it is refused, the group undoes everything and each write then runs again on its own
 * (the bodies are database work only, so running one again is safe). Only writes with `locking`
 * and a `key` are grouped; others are a transaction each, as is a write whose group failed.
 */
export function commitTogether<T>(
	db: Db,
	work: (tx: Db) => Promise<T>,
	options: TogetherOptions = {}
): Promise<T> {
	const engine = sqliteEngineOf(db);
	if (!engine) {
		if (!options.locking || options.key === undefined) return transaction(db, work, options);
		return new Promise<T>((resolve, reject) => {
			let queue = waitingOnPostgres.get(db);
			if (!queue) {
				queue = [];
				waitingOnPostgres.set(db, queue);
				setImmediate(() => void flushPostgres(db));
			}
			queue.push({
				work,
				key: options.key!,
				resolve: resolve as (value: unknown) => void,
				reject
			});
		});
	}
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

interface KeyedJob extends Job {
	key: string;
}

const waitingOnPostgres = new WeakMap<Db, KeyedJob[]>();

async function flushPostgres(db: Db): Promise<void> {
	const jobs = waitingOnPostgres.get(db) ?? [];
	waitingOnPostgres.delete(db);
	// In the order of their keys (a stable sort: one row's writes keep the order they came in).
	const ordered = [...jobs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	// Groups run side by side, so one row's writes are never split between two: the later ones
	// could otherwise lock the row first.
	const groups: KeyedJob[][] = [];
	let group: KeyedJob[] = [];
	for (const job of ordered) {
		if (group.length >= MOST_IN_A_GROUP && group.at(-1)!.key !== job.key) {
			groups.push(group);
			group = [];
		}
		group.push(job);
	}
	if (group.length) groups.push(group);
	await Promise.all(groups.map((g) => commitGroup(db, g)));
}

async function commitGroup(db: Db, group: KeyedJob[]): Promise<void> {
	if (group.length > 1) {
		let values: unknown[] | null = null;
		try {
			values = await transaction(
				db,
				async (tx) => {
					const done: unknown[] = [];
					for (const job of group) done.push(await job.work(tx));
					return done;
				},
				{ locking: true }
			);
		} catch {
			// One of them was refused (or the group could not commit): nothing in it happened.
		}
		if (values) {
			group.forEach((job, i) => job.resolve(values[i]));
			return;
		}
	}
	// One row's writes one after another, in the order they came in; different rows' side by side.
	const byKey = new Map<string, KeyedJob[]>();
	for (const job of group) byKey.set(job.key, [...(byKey.get(job.key) ?? []), job]);
	await Promise.all(
		[...byKey.values()].map(async (jobs) => {
			for (const job of jobs)
				await transaction(db, job.work, { locking: true }).then(job.resolve, job.reject);
		})
	);
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

import type Database from 'better-sqlite3';
import type { Db } from './connection';

interface Job {
	work: (db: Db) => unknown;
	resolve: (value: unknown) => void;
	reject: (error: unknown) => void;
}

const waiting = new WeakMap<Db, Job[]>();

/**
 * Group commit. Writes that arrive together (in the same turn of the event loop) share one
 * transaction, so one flush to disk covers them all instead of one each; synchronous=FULL
 * stays on. Each write runs in its own savepoint, so a refused write undoes only itself, and
 * nobody hears that their write succeeded before the whole group is on disk. Writes run in
 * the order they were asked for, and their promises settle in that order. A job's `db` is
 * the database itself: inside the group's transaction, everything it does is part of it.
 */
export function commitTogether<T>(db: Db, work: (db: Db) => T): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		let queue = waiting.get(db);
		if (!queue) {
			queue = [];
			waiting.set(db, queue);
			setImmediate(() => flush(db));
		}
		queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
	});
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

const runners = new WeakMap<Db, (jobs: Job[]) => Outcome[]>();

/**
 * better-sqlite3's own transactions, made once per database: the group runs in one
 * transaction and, called inside it, each job in a savepoint of its own.
 */
function runnerFor(db: Db): (jobs: Job[]) => Outcome[] {
	let run = runners.get(db);
	if (!run) {
		const sqlite = (db as unknown as { $client: Database.Database }).$client;
		const one = sqlite.transaction((job: Job) => job.work(db));
		const group = sqlite.transaction((jobs: Job[]) =>
			jobs.map((job): Outcome => {
				try {
					return { ok: true, value: one(job) };
				} catch (error) {
					return { ok: false, error };
				}
			})
		);
		// IMMEDIATE: the group takes the write lock before it reads, so that another process
		// writing the same file in between makes it wait rather than read what is about to change.
		run = (jobs) => group.immediate(jobs);
		runners.set(db, run);
	}
	return run;
}

function flush(db: Db): void {
	const jobs = waiting.get(db) ?? [];
	waiting.delete(db);
	let outcomes: Outcome[];
	try {
		outcomes = runnerFor(db)(jobs);
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

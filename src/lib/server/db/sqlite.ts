import Database from 'better-sqlite3';
import { drizzle as syncDrizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle } from 'drizzle-orm/sqlite-proxy';
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as schema from './schema-sqlite';
import { migrationsFolder } from './paths';

type Method = 'run' | 'all' | 'values' | 'get';

/** Someone waiting for the connection: a statement (run when its turn comes) or a transaction. */
type Waiter = { statement: () => void } | { transaction: () => void };

/**
 * SQLite through better-sqlite3, behind the same asynchronous query builder as PostgreSQL.
 *
 * One connection serves the whole process, so a transaction must have it to itself: while one
 * is open, statements from anywhere else wait, and transactions take turns in the order they
 * asked. A transaction's body gets a handle of its own (`inside`); the body is told apart from
 * everything else by the asynchronous context it runs in, so a statement the body sends on the
 * outer handle, or one sent on the inner handle from outside a body, is refused rather than
 * left to wait for itself or to slip into someone else's transaction.
 *
 * Statements are compiled once and kept (the most recently used, up to a limit): the app runs
 * the same few hundred all day, and compiling costs more than running most of them.
 */
export class SqliteEngine {
	readonly sqlite: Database.Database;
	/** The handle for everything outside a transaction. */
	readonly outside: ReturnType<typeof drizzle<typeof schema>>;
	/** The handle a transaction's body uses. */
	readonly inside: ReturnType<typeof drizzle<typeof schema>>;
	private readonly kept = new Map<string, Database.Statement>();
	private readonly context = new AsyncLocalStorage<object>();
	private holder: object | null = null;
	private readonly waiters: Waiter[] = [];
	private depth = 0;

	constructor(
		readonly path: string,
		private readonly keep = 500
	) {
		if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
		this.sqlite = openFile(path);
		this.outside = drizzle((sql, params, method) => this.fromOutside(sql, params, method), {
			schema
		});
		this.inside = drizzle((sql, params, method) => this.fromInside(sql, params, method), {
			schema
		});
	}

	/** Runs the migrations that have not run yet; idempotent, and safe if another process is doing the same. */
	migrate(attempts = 3): void {
		const db = syncDrizzle(this.sqlite, { schema });
		for (let i = 1; ; i++) {
			try {
				migrate(db, { migrationsFolder: migrationsFolder() });
				return;
			} catch (error) {
				if (i >= attempts) throw error;
			}
		}
	}

	/** Whether the caller is the body of the open transaction. */
	private inBody(): boolean {
		return this.holder !== null && this.context.getStore() === this.holder;
	}

	private fromOutside(
		sql: string,
		params: unknown[],
		method: Method
	): Promise<{ rows: unknown[] }> {
		if (this.inBody())
			return Promise.reject(
				new Error('A transaction body used the outer database handle; use the one it was given')
			);
		if (this.holder === null && this.waiters.length === 0)
			return Promise.resolve(this.execute(sql, params, method));
		return new Promise((resolve, reject) => {
			this.waiters.push({
				statement: () => {
					try {
						resolve(this.execute(sql, params, method));
					} catch (error) {
						reject(error as Error);
					}
				}
			});
		});
	}

	private fromInside(sql: string, params: unknown[], method: Method): Promise<{ rows: unknown[] }> {
		if (!this.inBody())
			return Promise.reject(new Error('A transaction handle was used after its transaction'));
		try {
			return Promise.resolve(this.execute(sql, params, method));
		} catch (error) {
			return Promise.reject(error as Error);
		}
	}

	private execute(sql: string, params: unknown[], method: Method): { rows: unknown[] } {
		if (this.profile) return this.profiled(sql, params, method, this.profile);
		return this.run(sql, params, method);
	}

	private run(sql: string, params: unknown[], method: Method): { rows: unknown[] } {
		const statement = this.prepare(sql);
		if (method === 'run' || !statement.reader) {
			statement.run(...params);
			return { rows: [] };
		}
		statement.raw(true);
		if (method === 'get') return { rows: statement.get(...params) as unknown[] };
		return { rows: statement.all(...params) as unknown[] };
	}

	/**
	 * For the benchmarks only (TRELLIS_QUERY_PROFILE=<file>): times every statement and writes,
	 * when the process exits, how often each ran and how long it took. Never on in normal use.
	 */
	private readonly profile = process.env.TRELLIS_QUERY_PROFILE
		? profileTo(process.env.TRELLIS_QUERY_PROFILE)
		: null;

	private profiled(
		sql: string,
		params: unknown[],
		method: Method,
		stats: Stats
	): { rows: unknown[] } {
		const started = performance.now();
		try {
			return this.run(sql, params, method);
		} finally {
			const ms = performance.now() - started;
			const entry = stats.get(sql) ?? { count: 0, totalMs: 0, maxMs: 0 };
			entry.count += 1;
			entry.totalMs += ms;
			entry.maxMs = Math.max(entry.maxMs, ms);
			stats.set(sql, entry);
		}
	}

	private prepare(sql: string): Database.Statement {
		let statement = this.kept.get(sql);
		if (statement) {
			this.kept.delete(sql); // moved to the newest end
		} else {
			statement = this.sqlite.prepare(sql);
			if (this.kept.size >= this.keep) this.kept.delete(this.kept.keys().next().value!);
		}
		this.kept.set(sql, statement);
		return statement;
	}

	/**
	 * A transaction's own statement (BEGIN, SAVEPOINT…), kept compiled like any other: run for
	 * every conversation message, compiling it each time cost as much as the message's own SQL.
	 */
	private command(sql: string): void {
		this.prepare(sql).run();
	}

	/**
	 * Runs `body` in a transaction that has the connection to itself (BEGIN IMMEDIATE: the write
	 * lock is taken before anything is read, so another process writing the same file makes this
	 * wait rather than read what is about to change). Called from inside a body, it runs in a
	 * savepoint of that transaction: a refusal undoes only the savepoint's part.
	 */
	async transaction<T>(body: () => Promise<T>): Promise<T> {
		if (this.inBody()) return this.savepoint(body);
		const token = {};
		if (this.holder === null && this.waiters.length === 0) this.holder = token;
		else
			await new Promise<void>((start) =>
				this.waiters.push({
					transaction: () => {
						this.holder = token;
						start();
					}
				})
			);
		try {
			return await this.context.run(token, async () => {
				this.command('BEGIN IMMEDIATE');
				try {
					const result = await body();
					this.command('COMMIT');
					return result;
				} catch (error) {
					if (this.sqlite.inTransaction) this.command('ROLLBACK');
					throw error;
				}
			});
		} finally {
			this.release();
		}
	}

	private async savepoint<T>(body: () => Promise<T>): Promise<T> {
		const name = `s${++this.depth}`;
		this.command(`SAVEPOINT ${name}`);
		try {
			const result = await body();
			this.command(`RELEASE ${name}`);
			return result;
		} catch (error) {
			if (this.sqlite.inTransaction) {
				this.command(`ROLLBACK TO ${name}`);
				this.command(`RELEASE ${name}`);
			}
			throw error;
		} finally {
			this.depth--;
		}
	}

	/** Hands the connection on: waiting statements run, in order, until a transaction takes it. */
	private release(): void {
		this.holder = null;
		while (this.holder === null) {
			const next = this.waiters.shift();
			if (!next) return;
			if ('statement' in next) next.statement();
			else next.transaction();
		}
	}

	/** Runs `work` outside whatever transaction the caller is in (for work started from a body but not part of it). */
	detached<T>(work: () => T): T {
		return this.context.exit(work);
	}

	/** Writes the write-ahead log back into the file and empties it. */
	checkpoint(): void {
		this.sqlite.pragma('wal_checkpoint(TRUNCATE)');
	}

	close(): void {
		this.sqlite.close();
	}
}

/**
 * Opens the file with the settings this app relies on.
 * synchronous=FULL: people write things here they cannot write again, so a commit
 * must survive a power cut, not only a crash; the cost is small at our write rates.
 * secure_delete=ON: what is deleted is overwritten in the file.
 */
function openFile(path: string): Database.Database {
	const sqlite = new Database(path);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = FULL');
	// Fold the write-ahead log back into the file every ~16 MB rather than every 4 MB: busy
	// pages (a conversation's state) are copied back once per checkpoint, not once per write.
	sqlite.pragma('wal_autocheckpoint = 4000');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	// Deleted content is overwritten, not just unlinked: "delete" must mean gone from the file.
	sqlite.pragma('secure_delete = ON');
	return sqlite;
}

type Stats = Map<string, { count: number; totalMs: number; maxMs: number }>;

function profileTo(file: string): Stats {
	const stats: Stats = new Map();
	process.on('exit', () =>
		writeFileSync(file, JSON.stringify([...stats].map(([sql, s]) => ({ sql, ...s }))))
	);
	return stats;
}

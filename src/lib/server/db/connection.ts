import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as schema from './schema';
import { migrationsFolder } from './paths';
import { fillDerived } from './derived';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** A transaction handle; service functions accept either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Connection {
	db: Db;
	sqlite: Database.Database;
	path: string;
}

/**
 * Opens the database with the settings this app relies on.
 * synchronous=FULL: people write things here they cannot write again, so a commit
 * must survive a power cut, not only a crash; the cost is small at our write rates.
 * secure_delete=ON: what is deleted is overwritten in the file.
 */
export function openDatabase(path: string): Connection {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
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
	if (process.env.TRELLIS_QUERY_PROFILE) profileQueries(sqlite, process.env.TRELLIS_QUERY_PROFILE);
	keepStatements(sqlite);
	const db = drizzle(sqlite, { schema });
	applyMigrations(db);
	fillDerived(db);
	return { db, sqlite, path };
}

/** Idempotent; if another process migrates at the same moment, retry once it has finished. */
function applyMigrations(db: Db, attempts = 3): void {
	for (let i = 1; ; i++) {
		try {
			migrate(db, { migrationsFolder: migrationsFolder() });
			return;
		} catch (error) {
			if (i >= attempts) throw error;
		}
	}
}

/**
 * better-sqlite3 compiles SQL on every prepare(), and the app runs the same few hundred
 * statements all day; so each is compiled once and kept (the most recently used, up to a
 * limit). A kept statement is handed back as a fresh one would be: rows as objects.
 */
export function keepStatements(sqlite: Database.Database, limit = 500): void {
	const prepare = sqlite.prepare.bind(sqlite);
	const kept = new Map<string, Database.Statement>();
	(sqlite as unknown as { prepare: typeof prepare }).prepare = ((source: string) => {
		let statement = kept.get(source);
		if (statement) {
			kept.delete(source); // moved to the newest end
			if (statement.reader) statement.raw(false).pluck(false).expand(false);
		} else {
			statement = prepare(source);
			if (kept.size >= limit) kept.delete(kept.keys().next().value!);
		}
		kept.set(source, statement);
		return statement;
	}) as typeof prepare;
}

/**
 * For the benchmarks only (TRELLIS_QUERY_PROFILE=<file>): times every statement and writes,
 * when the process exits, how often each ran and how long it took. Never on in normal use.
 */
function profileQueries(sqlite: Database.Database, file: string): void {
	const stats = new Map<string, { count: number; totalMs: number; maxMs: number }>();
	const prepare = sqlite.prepare.bind(sqlite);
	const timed = ['run', 'get', 'all', 'iterate'] as const;
	(sqlite as unknown as { prepare: typeof prepare }).prepare = ((source: string) => {
		const statement = prepare(source);
		for (const method of timed) {
			const original = (statement as unknown as Record<string, (...args: unknown[]) => unknown>)[
				method
			]!.bind(statement);
			(statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
				const started = performance.now();
				try {
					return original(...args);
				} finally {
					const ms = performance.now() - started;
					const entry = stats.get(source) ?? { count: 0, totalMs: 0, maxMs: 0 };
					entry.count += 1;
					entry.totalMs += ms;
					entry.maxMs = Math.max(entry.maxMs, ms);
					stats.set(source, entry);
				}
			};
		}
		return statement;
	}) as typeof prepare;
	process.on('exit', () =>
		writeFileSync(file, JSON.stringify([...stats].map(([sql, s]) => ({ sql, ...s }))))
	);
}

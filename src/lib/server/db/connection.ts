import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import * as schema from './schema';
import { migrationsFolder } from './paths';

export type Db = BetterSQLite3Database<typeof schema>;
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
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	// Deleted content is overwritten, not just unlinked: "delete" must mean gone from the file.
	sqlite.pragma('secure_delete = ON');
	const db = drizzle(sqlite, { schema });
	applyMigrations(db);
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

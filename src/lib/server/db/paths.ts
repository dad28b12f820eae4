import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project root: the nearest folder above this module that holds `drizzle/`.
 * Works from `src/` in dev and tests and from `build/server/chunks/` in production,
 * whatever the working directory is.
 */
export function appRoot(): string {
	if (process.env.TRELLIS_ROOT) return resolve(process.env.TRELLIS_ROOT);
	let dir = dirname(fileURLToPath(import.meta.url));
	for (;;) {
		if (existsSync(join(dir, 'drizzle', 'meta', '_journal.json'))) return dir;
		const parent = dirname(dir);
		if (parent === dir) return process.cwd();
		dir = parent;
	}
}

export function migrationsFolder(): string {
	return join(appRoot(), 'drizzle');
}

/** Where the process's data is: `DATABASE_URL` when it names PostgreSQL, else the SQLite file. */
export function databaseTarget(): string {
	return engineName() === 'postgres' ? process.env.DATABASE_URL! : databasePath();
}

export function databasePath(): string {
	const configured = process.env.DATABASE_PATH;
	if (configured) return resolve(configured);
	return join(appRoot(), 'data', 'trellis.db');
}

export function pgMigrationsFolder(): string {
	return join(appRoot(), 'drizzle', 'pg');
}

/** PostgreSQL when `DATABASE_URL` names a database (postgres:// or postgresql://); SQLite otherwise. */
export function engineName(): 'postgres' | 'sqlite' {
	return /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '') ? 'postgres' : 'sqlite';
}

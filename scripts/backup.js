#!/usr/bin/env node
// A consistent copy of the database while the app keeps running, through SQLite's online
// backup (better-sqlite3's backup()). Usage: npm run backup -- <file>
// Reads DATABASE_PATH like the app does (default: data/trellis.db in the project).
import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = resolve(process.env.DATABASE_PATH ?? join(root, 'data', 'trellis.db'));
const target = process.argv[2];

if (!target) {
	console.error('Please say where to write the backup: npm run backup -- <file>');
	process.exit(2);
}
if (!existsSync(source)) {
	console.error(`There is no database at ${source}. Set DATABASE_PATH if it lives elsewhere.`);
	process.exit(2);
}
const destination = resolve(target);
if (destination === source) {
	console.error('The backup must go to another file than the database itself.');
	process.exit(2);
}

// The folder it goes in is made if it is not there yet (backups/, say).
mkdirSync(dirname(destination), { recursive: true });
const db = new Database(source, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
try {
	const started = Date.now();
	// Copies in steps, so the running app is never held up for long; restarts if the database changes underneath.
	await db.backup(destination, { progress: () => 200 });
	const copy = new Database(destination, { readonly: true });
	const check = copy.pragma('integrity_check', { simple: true });
	copy.close();
	if (check !== 'ok') throw new Error(`the copy failed its integrity check: ${check}`);
	console.log(`Backed up ${source} to ${destination} in ${Date.now() - started} ms.`);
} catch (error) {
	console.error(
		`The backup did not complete: ${error instanceof Error ? error.message : String(error)}`
	);
	process.exitCode = 1;
} finally {
	db.close();
}

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freshPostgresDatabase, testEngine } from './engine';

const root = resolve(import.meta.dirname, '../..');

import { freePort } from '../setup/servers';

export { freePort };

export interface RunningApp {
	origin: string;
	/**
	 * The SQLite file's path; on PostgreSQL, where it would be (the app's mail folder sits beside
	 * it) and the key `databaseOf` finds the database by.
	 */
	dbPath: string;
	/** Where the app's data is: the SQLite file, or its PostgreSQL database's URL. */
	database: string;
	process: ChildProcess;
	output: () => string;
	stop: () => Promise<void>;
}

const postgresFor = new Map<string, string>();

/** The database of the app whose `dbPath` this is: its PostgreSQL URL, or the SQLite file. */
export function databaseOf(dbPath: string): string {
	return postgresFor.get(dbPath) ?? dbPath;
}

/**
 * Starts the production build (`server.js`) on a loopback port with its own database: a file, or
 * in the suites' PostgreSQL run a fresh PostgreSQL database (kept for a restart that passes the
 * same DATABASE_PATH).
 */
export async function startApp(env: Record<string, string> = {}): Promise<RunningApp> {
	const dir = env.DATABASE_PATH ? null : mkdtempSync(join(tmpdir(), 'trellis-app-'));
	const dbPath = env.DATABASE_PATH ?? join(dir!, 'app.db');
	if (env.DATABASE_URL) postgresFor.set(dbPath, env.DATABASE_URL);
	else if (testEngine() === 'postgres' && !postgresFor.has(dbPath))
		postgresFor.set(dbPath, await freshPostgresDatabase());
	const database = databaseOf(dbPath);
	// A fixed port lets a restarted server be reached at the same address.
	const port = env.PORT ? Number(env.PORT) : await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, [join(root, 'server.js')], {
		cwd: tmpdir(), // the app must not depend on the working directory
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: origin,
			DATABASE_PATH: dbPath,
			DATABASE_URL: database === dbPath ? '' : database,
			LOG_LEVEL: 'info',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	child.stdout!.on('data', (d) => (out += d));
	child.stderr!.on('data', (d) => (out += d));
	await new Promise<void>((ok, fail) => {
		const onData = () => out.includes('"event":"listening"') && (cleanup(), ok());
		const onExit = (code: number | null) => (
			cleanup(),
			fail(new Error(`server exited (${code}):\n${out}`))
		);
		const cleanup = () => {
			child.stdout!.off('data', onData);
			child.off('exit', onExit);
		};
		child.stdout!.on('data', onData);
		child.once('exit', onExit);
	});
	return {
		origin,
		dbPath,
		database,
		process: child,
		output: () => out,
		stop: async () => {
			if (child.exitCode === null) {
				const exited = new Promise((ok) => child.once('exit', ok));
				child.kill('SIGTERM');
				await exited;
			}
			if (dir) rmSync(dir, { recursive: true, force: true });
		}
	};
}

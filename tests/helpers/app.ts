import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

export function freePort(): Promise<number> {
	return new Promise((ok, fail) => {
		const probe = createServer();
		probe.once('error', fail);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			probe.close(() => ok(port));
		});
	});
}

export interface RunningApp {
	origin: string;
	dbPath: string;
	process: ChildProcess;
	output: () => string;
	stop: () => Promise<void>;
}

/** Starts the production build (`server.js`) on a loopback port with its own database file. */
export async function startApp(env: Record<string, string> = {}): Promise<RunningApp> {
	const dir = env.DATABASE_PATH ? null : mkdtempSync(join(tmpdir(), 'trellis-app-'));
	const dbPath = env.DATABASE_PATH ?? join(dir!, 'app.db');
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

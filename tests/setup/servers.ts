// What the tests' throwaway PostgreSQL and Redis servers share: Debian packages installed on
// demand, and server processes that go away with the test process that started them.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import {
	accessSync,
	closeSync,
	constants,
	mkdtempSync,
	openSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export const isRoot = process.getuid?.() === 0;

/** The full path of an executable on PATH, like `command -v`. */
export function onPath(name: string): string | null {
	for (const folder of (process.env.PATH ?? '').split(':').filter(Boolean)) {
		if (isExecutable(join(folder, name))) return join(folder, name);
	}
	return null;
}

export function isExecutable(path: string): boolean {
	try {
		accessSync(path, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

let listsUpdated = false;

function aptInstall(pkg: string) {
	console.log(`Installing Debian's ${pkg} for the engine tests…`);
	// Two test files may install at once: apt waits for the other's lock instead of failing.
	const lock = ['-o', 'DPkg::Lock::Timeout=300'];
	if (!listsUpdated) {
		listsUpdated = true;
		try {
			execFileSync('apt-get', [...lock, 'update', '-qq'], { stdio: 'ignore' });
		} catch {
			// Stale lists may still do; the install says so if not.
		}
	}
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', [...lock, 'install', '-y', '-qq', pkg], { stdio: 'ignore', env });
}

/**
 * What `find` finds; when it finds nothing, Debian's `pkg` is installed first (as root only).
 * Debian may start the package's own service: these tests never use it, only servers of their own.
 */
export function requirePackage(pkg: string, what: string, find: () => string | null): string {
	const found = find();
	if (found) return found;
	if (isRoot) {
		try {
			aptInstall(pkg);
		} catch {
			// Said below.
		}
		const installed = find();
		if (installed) return installed;
	}
	throw new Error(
		`The engine tests need ${what}: install Debian's ${pkg} package (sudo apt-get install ${pkg}) and run them again.`
	);
}

const OWNER = 'owner.pid';

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * A fresh temp folder for a server, marked with this process's id. Folders left by a test process
 * that was killed (its servers died with it, see `launch`) are removed first.
 */
export function serverFolder(prefix: string): string {
	for (const name of readdirSync(tmpdir()).filter((n) => n.startsWith(prefix))) {
		const folder = join(tmpdir(), name);
		try {
			const owner = Number(readFileSync(join(folder, OWNER), 'utf8'));
			if (owner && !isAlive(owner)) rmSync(folder, { recursive: true, force: true });
		} catch {
			// Being made right now, or someone else's.
		}
	}
	const dir = mkdtempSync(join(tmpdir(), prefix));
	writeFileSync(join(dir, OWNER), String(process.pid));
	return dir;
}

interface Launch {
	/** An unprivileged account to run as, when we are root. */
	user?: string;
	/** Sent to the server if the process that started it dies without stopping it. */
	deathSignal: NodeJS.Signals;
	log: string;
	cwd: string;
}

/**
 * Starts a server process (as `user`, if given) whose output goes to `log`. setpriv's parent-death
 * signal stops it even when the test process is killed and has no chance to clean up.
 */
export function launch(command: string, args: string[], options: Launch): ChildProcess {
	const setpriv = onPath('setpriv');
	if (!setpriv && options.user) throw new Error('Running a server as another user needs setpriv.');
	const as = options.user
		? [`--reuid=${options.user}`, `--regid=${options.user}`, '--init-groups']
		: [];
	const [file, argv] = setpriv
		? [setpriv, [...as, `--pdeathsig=${options.deathSignal}`, '--', command, ...args]]
		: [command, args];
	const out = openSync(options.log, 'a');
	try {
		const child = spawn(file, argv, { cwd: options.cwd, stdio: ['ignore', out, out] });
		// Without setpriv, a normal exit at least still stops it.
		if (!setpriv) process.once('exit', () => child.kill(options.deathSignal));
		return child;
	} finally {
		closeSync(out);
	}
}

export const hasExited = (child: ChildProcess) =>
	child.exitCode !== null || child.signalCode !== null;

/** Asks a server to stop with `signal`, kills it if it has not after `graceMs`, and waits. */
export async function halt(child: ChildProcess, signal: NodeJS.Signals, graceMs = 15_000) {
	if (hasExited(child)) return;
	const exited = once(child, 'exit');
	child.kill(signal);
	const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
	await exited;
	clearTimeout(timer);
}

/**
 * Polls `answers` until the server answers (true), or exits (false, e.g. its port was taken);
 * throws with the end of its log when it does neither in time.
 */
export async function untilAnswering(
	child: ChildProcess,
	answers: () => Promise<boolean>,
	what: string,
	log: string,
	timeoutMs = 60_000
): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (!hasExited(child)) {
		if (await answers()) return true;
		if (Date.now() > deadline)
			throw new Error(
				`${what} did not answer within ${timeoutMs / 1000} s. Its log ends:\n${logTail(log)}`
			);
		await delay(50);
	}
	return false;
}

/** The last lines a server wrote, for error messages. */
export function logTail(log: string): string {
	try {
		return readFileSync(log, 'utf8').split('\n').slice(-20).join('\n');
	} catch {
		return '';
	}
}

/** A loopback port nothing listens on at the moment. */
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

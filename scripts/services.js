// Throwaway servers for the tests and the bench: PostgreSQL, Redis and nginx run from Debian's
// packages (installed on demand), each in a fresh temp folder on a free loopback port, and gone
// with the process that started them. tests/setup/*.ts re-export these with their types.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import {
	accessSync,
	appendFileSync,
	chownSync,
	closeSync,
	constants,
	existsSync,
	mkdirSync,
	mkdtempSync,
	openSync,
	readdirSync,
	readFileSync,
	realpathSync,
	rmSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { connect, createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/** @typedef {import('node:child_process').ChildProcess} ChildProcess */

// ---- What the throwaway servers share (was tests/setup/servers.ts) ----

export const isRoot = process.getuid?.() === 0;

/**
 * The full path of an executable on PATH, like `command -v`.
 * @param {string} name
 * @returns {string | null}
 */
export function onPath(name) {
	for (const folder of (process.env.PATH ?? '').split(':').filter(Boolean)) {
		if (isExecutable(join(folder, name))) return join(folder, name);
	}
	return null;
}

/**
 * @param {string} path
 * @returns {boolean}
 */
export function isExecutable(path) {
	try {
		accessSync(path, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

let listsUpdated = false;

/** @param {string} pkg */
function aptInstall(pkg) {
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
 * @param {string} pkg
 * @param {string} what
 * @param {() => string | null} find
 * @returns {string}
 */
export function requirePackage(pkg, what, find) {
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

/**
 * @param {number} pid
 * @returns {boolean}
 */
function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
	}
}

/**
 * A fresh temp folder for a server, marked with this process's id. Folders left by a test process
 * that was killed (its servers died with it, see `launch`) are removed first.
 * @param {string} prefix
 * @returns {string}
 */
export function serverFolder(prefix) {
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

/**
 * @typedef {object} Launch
 * @property {string} [user] An unprivileged account to run as, when we are root.
 * @property {NodeJS.Signals} deathSignal Sent to the server if the process that started it dies
 *   without stopping it.
 * @property {string} log
 * @property {string} cwd
 */

/**
 * Starts a server process (as `user`, if given) whose output goes to `log`. setpriv's parent-death
 * signal stops it even when the test process is killed and has no chance to clean up.
 * @param {string} command
 * @param {string[]} args
 * @param {Launch} options
 * @returns {ChildProcess}
 */
export function launch(command, args, options) {
	const setpriv = onPath('setpriv');
	if (!setpriv && options.user) throw new Error('Running a server as another user needs setpriv.');
	const as = options.user
		? [`--reuid=${options.user}`, `--regid=${options.user}`, '--init-groups']
		: [];
	/** @type {[string, string[]]} */
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

/**
 * @param {ChildProcess} child
 * @returns {boolean}
 */
export const hasExited = (child) => child.exitCode !== null || child.signalCode !== null;

/**
 * Asks a server to stop with `signal`, kills it if it has not after `graceMs`, and waits.
 * @param {ChildProcess} child
 * @param {NodeJS.Signals} signal
 * @param {number} [graceMs]
 * @returns {Promise<void>}
 */
export async function halt(child, signal, graceMs = 15_000) {
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
 * @param {ChildProcess} child
 * @param {() => Promise<boolean>} answers
 * @param {string} what
 * @param {string} log
 * @param {number} [timeoutMs]
 * @returns {Promise<boolean>}
 */
export async function untilAnswering(child, answers, what, log, timeoutMs = 60_000) {
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

/**
 * The last lines a server wrote, for error messages.
 * @param {string} log
 * @returns {string}
 */
export function logTail(log) {
	try {
		return readFileSync(log, 'utf8').split('\n').slice(-20).join('\n');
	} catch {
		return '';
	}
}

/**
 * A loopback port nothing listens on at the moment.
 * @returns {Promise<number>}
 */
export function freePort() {
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

// ---- PostgreSQL (was tests/setup/postgres.ts) ----
// A throwaway PostgreSQL server: a cluster of its own in a fresh temp folder, on a free loopback
// port, run from Debian's binaries. PostgreSQL's durability settings (fsync, synchronous_commit,
// full_page_writes) stay at their defaults: a crash test relies on them.

/**
 * @typedef {object} Postgres
 * @property {string} url `postgres://postgres@127.0.0.1:<port>/trellis`: the app's database, as
 *   the superuser.
 * @property {number} port
 * @property {string} dir The temp folder holding the cluster (`data/`) and the server's log
 *   (`server.log`).
 * @property {number | undefined} pid The postmaster's process id (its CPU is its backends' too:
 *   see `treeCpuSeconds`).
 * @property {() => Promise<void>} stop Fast shutdown, then the folder is removed.
 */

const SUPERUSER = 'postgres';
const DATABASE = 'trellis';
// PostgreSQL refuses to run as root; Debian's package creates this account for it.
const ACCOUNT = 'postgres';
const INITDB = ['-U', SUPERUSER, '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-instructions'];

/**
 * The server binaries of the highest PostgreSQL under /usr/lib/postgresql, or those on PATH.
 * @returns {string | null}
 */
function findBinaries() {
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)) : [];
	const folders = versions.sort((a, b) => Number(b) - Number(a)).map((v) => join(root, v, 'bin'));
	const initdb = onPath('initdb');
	if (initdb) folders.push(dirname(realpathSync(initdb)));
	return (
		folders.find((bin) => ['initdb', 'postgres'].every((b) => isExecutable(join(bin, b)))) ?? null
	);
}

// Fit for tests on a small shared machine; everything about durability left alone.
/** @param {string} dir */
const settings = (dir) => `
listen_addresses = '127.0.0.1'
unix_socket_directories = '${dir}'
shared_buffers = '32MB'
jit = off
`;

/**
 * @param {string} url
 * @returns {Promise<boolean>}
 */
async function accepts(url) {
	const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
	try {
		await client.connect();
		return true;
	} catch {
		return false; // refused, or "the database system is starting up"
	} finally {
		await client.end().catch(() => {});
	}
}

/** @returns {Promise<Postgres>} */
export async function startPostgres() {
	const bin = requirePackage('postgresql', 'PostgreSQL', findBinaries);
	const user = isRoot ? ACCOUNT : undefined;
	const dir = serverFolder('trellis-pg-');
	const log = join(dir, 'server.log');
	const data = join(dir, 'data');
	/** @type {Launch} */
	const base = { user, log, cwd: dir, deathSignal: 'SIGINT' }; // SIGINT: fast shutdown
	/** @type {ChildProcess | undefined} */
	let server;
	try {
		if (user) {
			/** @param {string} flag */
			const id = (flag) => Number(execFileSync('id', [flag, user], { encoding: 'utf8' }));
			chownSync(dir, id('-u'), id('-g'));
		}
		// --no-sync skips flushing the new cluster's files to disk once (seconds on a busy disk), as
		// PostgreSQL's own test suites do; the server's fsync of every commit is untouched.
		const initdb = launch(join(bin, 'initdb'), [...INITDB, '-D', data, '--no-sync'], base);
		const [code] = await once(initdb, 'exit');
		if (code !== 0) throw new Error(`initdb failed:\n${logTail(log)}`);
		appendFileSync(join(data, 'postgresql.conf'), settings(dir));
		// A free port can be taken before the server binds it; then it exits and another is tried.
		for (let attempt = 0; attempt < 3; attempt++) {
			const port = await freePort();
			const admin = `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`;
			server = launch(join(bin, 'postgres'), ['-D', data, '-p', String(port)], base);
			if (!(await untilAnswering(server, () => accepts(admin), 'PostgreSQL', log))) continue;
			const client = new pg.Client({ connectionString: admin });
			await client.connect();
			await client.query(`create database ${DATABASE}`).finally(() => client.end());
			const running = server;
			/** @type {Promise<void> | undefined} */
			let stopping;
			const stop = () =>
				(stopping ??= halt(running, 'SIGINT').then(() =>
					rmSync(dir, { recursive: true, force: true })
				));
			const url = `postgres://${SUPERUSER}@127.0.0.1:${port}/${DATABASE}`;
			return { url, port, dir, pid: postmasterPid(data) ?? running.pid, stop };
		}
		throw new Error(`PostgreSQL would not start:\n${logTail(log)}`);
	} catch (error) {
		if (server) await halt(server, 'SIGQUIT');
		rmSync(dir, { recursive: true, force: true });
		throw error;
	}
}

/**
 * The postmaster's id from its pid file (the process we started may be setpriv's exec of it,
 * which is the same process; the file says for certain).
 * @param {string} data
 * @returns {number | undefined}
 */
function postmasterPid(data) {
	try {
		return Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]) || undefined;
	} catch {
		return undefined;
	}
}

// ---- Redis (was tests/setup/redis.ts) ----
// A throwaway Redis server: Debian's redis-server on a free loopback port, in a fresh temp
// folder, keeping nothing on disk.

/**
 * @typedef {object} Redis
 * @property {string} url `redis://127.0.0.1:<port>`
 * @property {number} port
 * @property {string} dir The temp folder: the server's working folder and its log (`server.log`).
 * @property {() => number | undefined} pid The running server's process id (it changes on restart).
 * @property {() => Promise<void>} stop Stops the server and removes the folder.
 * @property {() => Promise<void>} restart Stops the server and starts it again on the same port,
 *   empty: nothing is persisted.
 */

/**
 * True when a Redis on `port` answers PING with PONG.
 * @param {number} port
 * @returns {Promise<boolean>}
 */
function pongs(port) {
	return new Promise((resolve) => {
		let reply = '';
		const socket = connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
		socket.setTimeout(2_000, () => socket.destroy());
		socket.on('data', (chunk) => {
			reply += chunk;
			if (reply.includes('\r\n')) socket.destroy();
		});
		socket.on('error', () => {});
		socket.on('close', () => resolve(reply.startsWith('+PONG')));
	});
}

/** @returns {Promise<Redis>} */
export async function startRedis() {
	const bin = requirePackage('redis-server', 'Redis', () => onPath('redis-server'));
	const dir = serverFolder('trellis-redis-');
	const log = join(dir, 'server.log');
	/** @param {number} port */
	const args = (port) => [
		...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir],
		...['--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning']
	];
	/** @type {ChildProcess | undefined} */
	let server;
	/**
	 * Starts the server on `port`; false when it exits instead of answering (port taken).
	 * @param {number} port
	 */
	const serve = (port) => {
		const started = launch(bin, args(port), { log, cwd: dir, deathSignal: 'SIGTERM' });
		server = started;
		return untilAnswering(started, () => pongs(port), 'Redis', log);
	};
	try {
		for (let attempt = 0; attempt < 3; attempt++) {
			const port = await freePort();
			if (!(await serve(port))) continue;
			/** @type {Promise<void> | undefined} */
			let stopping;
			const running = () => /** @type {ChildProcess} */ (server);
			return {
				url: `redis://127.0.0.1:${port}`,
				port,
				dir,
				pid: () => running().pid,
				stop: () =>
					(stopping ??= halt(running(), 'SIGTERM').then(() =>
						rmSync(dir, { recursive: true, force: true })
					)),
				restart: async () => {
					await halt(running(), 'SIGTERM');
					if (!(await serve(port)))
						throw new Error(`Redis would not start again on port ${port}:\n${logTail(log)}`);
				}
			};
		}
		throw new Error(`Redis would not start:\n${logTail(log)}`);
	} catch (error) {
		if (server) await halt(server, 'SIGKILL');
		rmSync(dir, { recursive: true, force: true });
		throw error;
	}
}

// ---- nginx (was tests/setup/nginx.ts) ----
// A throwaway nginx, configured as docs/deploy.md says: its `nginx` block is read from the
// document and only its ports are changed, so the tests and the bench run what the
// documentation tells people to run.

/**
 * @typedef {object} Nginx
 * @property {string} origin `http://127.0.0.1:<port>`
 * @property {number} port
 * @property {string} dir
 * @property {number | undefined} pid The master process's id (its worker does the work: see
 *   `treeCpuSeconds`).
 * @property {() => Promise<void>} stop
 */

const guide = resolve(dirname(fileURLToPath(import.meta.url)), '../docs/deploy.md');

/**
 * The `nginx` block of docs/deploy.md.
 * @returns {string}
 */
export function documentedConfig() {
	const block = /```nginx\n([\s\S]*?)```/.exec(readFileSync(guide, 'utf8'));
	if (!block) throw new Error('docs/deploy.md has no nginx configuration');
	return /** @type {string} */ (block[1]);
}

/**
 * The documented configuration with the test's ports: `listen` on `port`, and one `server` line
 * per app port, in place of the document's.
 * @param {string} config
 * @param {number} port
 * @param {number[]} upstreams
 * @returns {string}
 */
export function withPorts(config, port, upstreams) {
	const servers = [...config.matchAll(/^([ \t]*)server 127\.0\.0\.1:\d+(.*);$/gm)];
	const first = servers[0];
	if (!first) throw new Error('The documented upstream names no server');
	const indent = first[1] ?? '';
	const options = first[2] ?? '';
	const lines = upstreams.map((p) => `${indent}server 127.0.0.1:${p}${options};`).join('\n');
	let replaced = false;
	return config
		.replace(/^[ \t]*server 127\.0\.0\.1:\d+.*;\n/gm, () => {
			if (replaced) return '';
			replaced = true;
			return `${lines}\n`;
		})
		.replace(/listen 127\.0\.0\.1:\d+;/, `listen 127.0.0.1:${port};`);
}

/**
 * @param {number} port
 * @returns {Promise<boolean>}
 */
function answers(port) {
	return new Promise((ok) => {
		const socket = connect(port, '127.0.0.1', () => (socket.destroy(), ok(true)));
		socket.on('error', () => ok(false));
	});
}

/** @returns {string | null} */
function findNginx() {
	return ['/usr/sbin/nginx'].find(isExecutable) ?? onPath('nginx');
}

/**
 * Starts nginx in front of the app processes listening on `upstreams`, on `chosen` or a free port.
 * @param {number[]} upstreams
 * @param {number} [chosen]
 * @returns {Promise<Nginx>}
 */
export async function startNginx(upstreams, chosen) {
	const bin = requirePackage('nginx', 'nginx', findNginx);
	const dir = serverFolder('trellis-nginx-');
	const log = join(dir, 'error.log');
	for (const temp of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, temp));
	/** @type {ChildProcess | undefined} */
	let server;
	try {
		for (let attempt = 0; attempt < 3; attempt++) {
			const port = chosen ?? (await freePort());
			const conf = join(dir, 'nginx.conf');
			writeFileSync(
				conf,
				`daemon off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${log} warn;
${isRoot ? 'user root;' : ''}
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path ${join(dir, 'body')};
    proxy_temp_path ${join(dir, 'proxy')};
    fastcgi_temp_path ${join(dir, 'fastcgi')};
    uwsgi_temp_path ${join(dir, 'uwsgi')};
    scgi_temp_path ${join(dir, 'scgi')};
${withPorts(documentedConfig(), port, upstreams)}
}
`
			);
			server = launch(bin, ['-p', dir, '-c', conf, '-e', log], {
				log: join(dir, 'out.log'),
				cwd: dir,
				deathSignal: 'SIGTERM'
			});
			if (!(await untilAnswering(server, () => answers(port), 'nginx', log))) {
				if (chosen) break;
				continue;
			}
			const running = server;
			/** @type {Promise<void> | undefined} */
			let stopping;
			const stop = () =>
				(stopping ??= halt(running, 'SIGTERM').then(() =>
					rmSync(dir, { recursive: true, force: true })
				));
			return { origin: `http://127.0.0.1:${port}`, port, dir, pid: running.pid, stop };
		}
		throw new Error(`nginx would not start:\n${logTail(log)}`);
	} catch (error) {
		if (server) await halt(server, 'SIGKILL');
		if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
		throw error;
	}
}

// ---- CPU of a server and its children, from /proc (Linux) ----

/**
 * CPU seconds (user + system) used so far by `pid` and every process below it that is still
 * running, plus what its waited-for children used (PostgreSQL's backends come and go; a
 * finished one's time is counted in its parent's cutime/cstime). NaN without /proc.
 * @param {number | undefined} pid
 * @returns {number}
 */
export function treeCpuSeconds(pid) {
	if (!pid) return NaN;
	/** @type {Map<number, number[]>} */
	const children = new Map();
	try {
		for (const name of readdirSync('/proc')) {
			if (!/^\d+$/.test(name)) continue;
			try {
				const fields = readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]?.split(' ');
				const parent = Number(fields?.[1]);
				children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
			} catch {
				// Gone meanwhile.
			}
		}
	} catch {
		return NaN;
	}
	const hz = 100;
	let ticks = 0;
	const queue = [pid];
	for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
		try {
			const fields = readFileSync(`/proc/${next}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
			// utime, stime, cutime, cstime: fields 14–17 of stat, 12–15 after the name.
			ticks += [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
		} catch {
			if (next === pid) return NaN;
		}
		queue.push(...(children.get(next) ?? []));
	}
	return ticks / hz;
}

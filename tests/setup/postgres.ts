// A throwaway PostgreSQL server for tests: a cluster of its own in a fresh temp folder, on a free
// loopback port, run from Debian's binaries. PostgreSQL's durability settings (fsync,
// synchronous_commit, full_page_writes) stay at their defaults: a crash test relies on them.
import { execFileSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, chownSync, existsSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { freePort } from './servers';
import {
	halt,
	isExecutable,
	isRoot,
	launch,
	logTail,
	onPath,
	requirePackage,
	serverFolder,
	untilAnswering
} from './servers';

export interface Postgres {
	/** `postgres://postgres@127.0.0.1:<port>/trellis`: the app's database, as the superuser. */
	url: string;
	port: number;
	/** The temp folder holding the cluster (`data/`) and the server's log (`server.log`). */
	dir: string;
	/** Fast shutdown, then the folder is removed. */
	stop: () => Promise<void>;
}

const SUPERUSER = 'postgres';
const DATABASE = 'trellis';
// PostgreSQL refuses to run as root; Debian's package creates this account for it.
const ACCOUNT = 'postgres';
const INITDB = ['-U', SUPERUSER, '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-instructions'];

/** The server binaries of the highest PostgreSQL under /usr/lib/postgresql, or those on PATH. */
function findBinaries(): string | null {
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
const settings = (dir: string) => `
listen_addresses = '127.0.0.1'
unix_socket_directories = '${dir}'
shared_buffers = '32MB'
jit = off
`;

async function accepts(url: string): Promise<boolean> {
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

export async function startPostgres(): Promise<Postgres> {
	const bin = requirePackage('postgresql', 'PostgreSQL', findBinaries);
	const user = isRoot ? ACCOUNT : undefined;
	const dir = serverFolder('trellis-pg-');
	const log = join(dir, 'server.log');
	const data = join(dir, 'data');
	const base = { user, log, cwd: dir, deathSignal: 'SIGINT' as const }; // SIGINT: fast shutdown
	let server: ChildProcess | undefined;
	try {
		if (user) {
			const id = (flag: string) => Number(execFileSync('id', [flag, user], { encoding: 'utf8' }));
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
			let stopping: Promise<void> | undefined;
			const stop = () =>
				(stopping ??= halt(running, 'SIGINT').then(() =>
					rmSync(dir, { recursive: true, force: true })
				));
			return { url: `postgres://${SUPERUSER}@127.0.0.1:${port}/${DATABASE}`, port, dir, stop };
		}
		throw new Error(`PostgreSQL would not start:\n${logTail(log)}`);
	} catch (error) {
		if (server) await halt(server, 'SIGQUIT');
		rmSync(dir, { recursive: true, force: true });
		throw error;
	}
}

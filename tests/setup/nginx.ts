// A throwaway nginx for tests, configured as docs/deploy.md says: its `nginx` block is read from
// the document and only its ports are changed, so the test runs what the documentation tells
// people to run.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import {
	freePort,
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

export interface Nginx {
	/** `http://127.0.0.1:<port>` */
	origin: string;
	port: number;
	dir: string;
	stop: () => Promise<void>;
}

const guide = resolve(import.meta.dirname, '../../docs/deploy.md');

/** The `nginx` block of docs/deploy.md. */
export function documentedConfig(): string {
	const block = /```nginx\n([\s\S]*?)```/.exec(readFileSync(guide, 'utf8'));
	if (!block) throw new Error('docs/deploy.md has no nginx configuration');
	return block[1]!;
}

/**
 * The documented configuration with the test's ports: `listen` on `port`, and one `server` line
 * per app port, in place of the document's.
 */
export function withPorts(config: string, port: number, upstreams: number[]): string {
	const servers = [...config.matchAll(/^([ \t]*)server 127\.0\.0\.1:\d+(.*);$/gm)];
	if (servers.length === 0) throw new Error('The documented upstream names no server');
	const [first] = servers;
	const indent = first![1]!;
	const options = first![2]!;
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

function answers(port: number): Promise<boolean> {
	return new Promise((ok) => {
		const socket = connect(port, '127.0.0.1', () => (socket.destroy(), ok(true)));
		socket.on('error', () => ok(false));
	});
}

function findNginx(): string | null {
	return ['/usr/sbin/nginx'].find(isExecutable) ?? onPath('nginx');
}

/** Starts nginx in front of the app processes listening on `upstreams`, on `chosen` or a free port. */
export async function startNginx(upstreams: number[], chosen?: number): Promise<Nginx> {
	const bin = requirePackage('nginx', 'nginx', findNginx);
	const dir = serverFolder('trellis-nginx-');
	const log = join(dir, 'error.log');
	for (const temp of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, temp));
	let server: ChildProcess | undefined;
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
			let stopping: Promise<void> | undefined;
			const stop = () =>
				(stopping ??= halt(running, 'SIGTERM').then(() =>
					rmSync(dir, { recursive: true, force: true })
				));
			return { origin: `http://127.0.0.1:${port}`, port, dir, stop };
		}
		throw new Error(`nginx would not start:\n${logTail(log)}`);
	} catch (error) {
		if (server) await halt(server, 'SIGKILL');
		if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
		throw error;
	}
}

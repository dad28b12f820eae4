// A throwaway Redis server for tests: Debian's redis-server on a free loopback port, in a fresh
// temp folder, keeping nothing on disk.
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort } from './servers';
import {
	halt,
	launch,
	logTail,
	onPath,
	requirePackage,
	serverFolder,
	untilAnswering
} from './servers';

export interface Redis {
	/** `redis://127.0.0.1:<port>` */
	url: string;
	port: number;
	/** The temp folder: the server's working folder and its log (`server.log`). */
	dir: string;
	/** Stops the server and removes the folder. */
	stop: () => Promise<void>;
	/** Stops the server and starts it again on the same port, empty: nothing is persisted. */
	restart: () => Promise<void>;
}

/** True when a Redis on `port` answers PING with PONG. */
function pongs(port: number): Promise<boolean> {
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

export async function startRedis(): Promise<Redis> {
	const bin = requirePackage('redis-server', 'Redis', () => onPath('redis-server'));
	const dir = serverFolder('trellis-redis-');
	const log = join(dir, 'server.log');
	const args = (port: number) => [
		...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir],
		...['--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning']
	];
	let server: ChildProcess | undefined;
	/** Starts the server on `port`; false when it exits instead of answering (port taken). */
	const serve = (port: number) => {
		server = launch(bin, args(port), { log, cwd: dir, deathSignal: 'SIGTERM' });
		return untilAnswering(server, () => pongs(port), 'Redis', log);
	};
	try {
		for (let attempt = 0; attempt < 3; attempt++) {
			const port = await freePort();
			if (!(await serve(port))) continue;
			let stopping: Promise<void> | undefined;
			return {
				url: `redis://127.0.0.1:${port}`,
				port,
				dir,
				stop: () =>
					(stopping ??= halt(server!, 'SIGTERM').then(() =>
						rmSync(dir, { recursive: true, force: true })
					)),
				restart: async () => {
					await halt(server!, 'SIGTERM');
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

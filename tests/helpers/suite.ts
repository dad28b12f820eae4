import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startApp, type RunningApp } from './app';
import type { Visitor } from './http';
import { connected, openSocket } from './sockets';

/**
 * One production server for a test file, started before its tests and stopped after;
 * sockets opened through it are closed after each test.
 */
export function useApp(env: Record<string, string> = {}) {
	let started: RunningApp | undefined;
	const sockets: Socket[] = [];
	beforeAll(async () => {
		started = await startApp(env);
	});
	afterAll(async () => started?.stop());
	afterEach(() => {
		for (const s of sockets.splice(0)) s.close();
	});
	const app = new Proxy({} as RunningApp, {
		get: (_, key) => {
			if (!started) throw new Error('the app is not running yet');
			return Reflect.get(started, key);
		}
	});
	async function socketFor(visitor: Visitor): Promise<Socket> {
		const socket = openSocket(app.origin, { token: visitor.sessionToken! });
		sockets.push(socket);
		await connected(socket);
		return socket;
	}
	return { app, socketFor };
}

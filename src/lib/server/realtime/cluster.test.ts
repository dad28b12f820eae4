import { createServer } from 'node:http';
import {
	connect as netConnect,
	createServer as createNetServer,
	type AddressInfo,
	type Socket as NetSocket
} from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { log } from '../log';
import { startRedis, type Redis } from '../../../../tests/setup/redis';
import { ASK_NODES_MS, joinNodes, peopleIn } from './cluster';
import type { Io } from './io';
import type { SessionUser } from '../auth';

/** Three processes of the app, as far as their live connections go, sharing one Redis. */
interface Node {
	io: Io;
	leave: () => Promise<void>;
	origin: string;
}

let redis: Redis;
const nodes: Node[] = [];
const clients: ClientSocket[] = [];

async function startNode(url: string): Promise<Node> {
	const http = createServer();
	const io: Io = new Server(http);
	const leave = joinNodes(io, url)!;
	// Who each connection is, as the real handshake would have found from its session.
	io.use((socket, next) => {
		socket.data.user = { id: String(socket.handshake.auth.user) } as SessionUser;
		next();
	});
	io.on('connection', (socket) => void socket.join('here:s1'));
	await new Promise<void>((listening) => http.listen(0, '127.0.0.1', listening));
	return { io, leave, origin: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
}

/** Until every node counts all three. */
async function acquainted(): Promise<void> {
	for (;;) {
		const counts = await Promise.all(nodes.map((n) => n.io.of('/').adapter.serverCount()));
		if (counts.every((c) => c === nodes.length)) return;
		await new Promise((go) => setTimeout(go, 20));
	}
}

beforeAll(async () => {
	redis = await startRedis();
	for (let i = 0; i < 3; i++) nodes.push(await startNode(redis.url));
	await acquainted();
	// One person on each node.
	for (const [i, node] of nodes.entries()) {
		const client = connect(node.origin, { transports: ['websocket'], auth: { user: `u${i + 1}` } });
		clients.push(client);
		await new Promise<void>((ok) => client.once('connect', () => ok()));
	}
});

afterAll(async () => {
	for (const client of clients) client.close();
	for (const node of nodes) {
		await node.leave();
		await node.io.close();
	}
	await redis?.stop();
});

describe('who is in a room, across processes', () => {
	it('counts the sockets on every process', async () => {
		for (const node of nodes)
			expect((await peopleIn(node.io, 'here:s1')).sort()).toEqual(['u1', 'u2', 'u3']);
	});

	it('keeps what the others answered when one of them does not answer in time', async () => {
		// The third process hangs: it is still counted among the processes, and answers nothing.
		nodes[2]!.io.of('/').removeAllListeners('rooms:ask');
		const started = Date.now();
		expect((await peopleIn(nodes[0]!.io, 'here:s1')).sort()).toEqual(['u1', 'u2']);
		expect(Date.now() - started).toBeGreaterThanOrEqual(ASK_NODES_MS - 50);
	});
});

/**
 * Redis behind a link the test can cut: while `holding`, what the app sends is kept back, and
 * `cut` resets every connection (as a link that went away does), with it still unanswered.
 */
async function cuttable(redisUrl: string) {
	const target = new URL(redisUrl);
	const links: { app: NetSocket; redis: NetSocket }[] = [];
	let holding: ((chunk: Buffer) => void) | null = null;
	const server = createNetServer((app) => {
		const redis = netConnect(Number(target.port), target.hostname);
		app.on('data', (chunk) => (holding ? holding(chunk) : redis.write(chunk)));
		redis.pipe(app);
		for (const end of [app, redis]) end.on('error', () => {});
		links.push({ app, redis });
	});
	await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
	return {
		url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`,
		/** Keeps back what is sent from now on; resolves once something with `word` in it is held. */
		hold: (word: string) =>
			new Promise<void>((held) => {
				holding = (chunk) => chunk.includes(word) && held();
			}),
		cut() {
			holding = null;
			for (const { app, redis } of links.splice(0)) {
				app.resetAndDestroy();
				redis.destroy();
			}
		},
		close: () => new Promise((closed) => server.close(closed))
	};
}

describe('a link to Redis reset with a message on its way', () => {
	it('notes the message as lost, and the process goes on and gets back in touch', async () => {
		const link = await cuttable(redis.url);
		const node = await startNode(link.url);
		const warned = vi.spyOn(log, 'warn');
		// A failure nobody heard, which the process would have to be saved from (or stop for).
		const unheard: unknown[] = [];
		const hear = (reason: unknown) => void unheard.push(reason);
		process.on('unhandledRejection', hear);
		try {
			// Once it listens to the others (its subscription answered), only the message will be
			// waiting for an answer when the link is cut.
			const before = nodes.length + 1;
			await vi.waitFor(async () =>
				expect(await node.io.of('/').adapter.serverCount()).toBe(before)
			);
			const held = link.hold('PUBLISH');
			node.io.serverSideEmit('rooms:ask', 'here:s1', 'q1');
			await held;
			// Unheard, the message's failure would stop the process (and fail this file's run).
			link.cut();
			await vi.waitFor(() =>
				expect(warned).toHaveBeenCalledWith('redis_command_lost', { error: 'Error' })
			);
			await vi.waitFor(async () =>
				expect(await node.io.of('/').adapter.serverCount()).toBe(before)
			);
			expect(unheard).toEqual([]);
		} finally {
			process.off('unhandledRejection', hear);
			warned.mockRestore();
			await node.leave();
			await node.io.close();
			await link.close();
		}
	});
});

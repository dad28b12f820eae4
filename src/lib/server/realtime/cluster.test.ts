import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

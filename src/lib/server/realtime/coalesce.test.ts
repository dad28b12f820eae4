import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo, Socket as TcpSocket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Server, type Socket } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { coalesceWrites } from './coalesce';

let http: HttpServer | undefined;
let server: Server | undefined;
const clients: ClientSocket[] = [];

afterEach(async () => {
	for (const c of clients.splice(0)) c.close();
	await server?.close();
	http = server = undefined;
});

/** A socket.io server on loopback; `coalesce` decides whether its connections coalesce writes. */
async function start(coalesce: boolean): Promise<{ origin: string; serverSide: Promise<Socket> }> {
	http = createServer();
	server = new Server(http);
	if (coalesce) server.engine.on('connection', coalesceWrites);
	const serverSide = new Promise<Socket>((ok) => server!.once('connection', ok));
	await new Promise<void>((ok) => http!.listen(0, '127.0.0.1', ok));
	return { origin: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, serverSide };
}

async function client(
	origin: string,
	transports: ('websocket' | 'polling')[] = ['websocket']
): Promise<ClientSocket> {
	const c = connect(origin, { transports, reconnection: false, forceNew: true });
	clients.push(c);
	await new Promise<void>(
		(ok, fail) => (c.once('connect', () => ok()), c.once('connect_error', fail))
	);
	return c;
}

/** Counts the writes that reach the network from a server-side connection's TCP socket. */
function countWrites(socket: Socket): () => number {
	const transport = (socket.conn as unknown as { transport: { socket: { _socket: TcpSocket } } })
		.transport;
	const tcp = transport.socket._socket as TcpSocket & {
		_write: (...a: unknown[]) => void;
		_writev: (...a: unknown[]) => void;
	};
	let writes = 0;
	for (const method of ['_write', '_writev'] as const) {
		const original = tcp[method].bind(tcp);
		tcp[method] = (...args: unknown[]) => {
			writes++;
			original(...args);
		};
	}
	return () => writes;
}

/** The next `count` "n" events a client receives. */
function receive(c: ClientSocket, count: number): Promise<number[]> {
	return new Promise((ok) => {
		const got: number[] = [];
		c.on('n', (n: number) => {
			got.push(n);
			if (got.length === count) ok(got);
		});
	});
}

/** An acknowledgement and three events, all in one turn of the server's event loop. */
async function burst(origin: string, serverSide: Promise<Socket>) {
	const c = await client(origin);
	const s = await serverSide;
	const writes = countWrites(s);
	s.on('ask', (ack: (answer: string) => void) => {
		ack('answered');
		for (const n of [1, 2, 3]) s.emit('n', n);
	});
	const events = receive(c, 3);
	const answer = await c.emitWithAck('ask');
	return { answer, events: await events, writes: writes() };
}

describe('coalesced writes', () => {
	it('sends what is queued for a device in one go in one write, in order', async () => {
		const { origin, serverSide } = await start(true);
		const { answer, events, writes } = await burst(origin, serverSide);
		expect(answer).toBe('answered');
		expect(events).toEqual([1, 2, 3]);
		expect(writes).toBe(1);
	});

	it('without it, each frame is a write of its own (what the test above would catch)', async () => {
		const { origin, serverSide } = await start(false);
		const { events, writes } = await burst(origin, serverSide);
		expect(events).toEqual([1, 2, 3]);
		expect(writes).toBeGreaterThanOrEqual(2);
	});

	it('keeps the order of frames queued across several turns', async () => {
		const { origin, serverSide } = await start(true);
		const c = await client(origin);
		const s = await serverSide;
		const events = receive(c, 50);
		for (let n = 1; n <= 50; n++) {
			s.emit('n', n);
			if (n % 7 === 0) await new Promise((ok) => setImmediate(ok));
		}
		expect(await events).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
	});

	it('leaves long-polling connections working, and a connection closed mid-turn is no error', async () => {
		const { origin, serverSide } = await start(true);
		const c = await client(origin, ['polling']);
		const s = await serverSide;
		s.on('ask', (ack: (answer: string) => void) => ack('over polling'));
		expect(await c.emitWithAck('ask')).toBe('over polling');
		const closed = new Promise((ok) => s.once('disconnect', ok));
		s.emit('n', 1);
		s.disconnect(true);
		expect(await closed).toBe('server namespace disconnect');
	});

	it('delivers what was sent just before the server ends the connection', async () => {
		const { origin, serverSide } = await start(true);
		const c = await client(origin);
		const s = await serverSide;
		const got = receive(c, 1);
		const reason = new Promise((ok) => c.once('disconnect', ok));
		s.emit('n', 7);
		s.disconnect(true);
		expect(await got).toEqual([7]);
		expect(await reason).toBe('io server disconnect');
	});

	it('delivers the last words of a connection that is ended while it upgrades from long-polling', async () => {
		// The server ends the connection while the client is moving to WebSocket and long-polling
		// cannot write: the frames wait, and must go out when the upgrade completes, before closing.
		for (let attempt = 0; attempt < 5; attempt++) {
			const { origin, serverSide } = await start(true);
			server!.on('connection', (s) => {
				s.conn.once('upgrading', () => {
					const polling = (
						s.conn as unknown as {
							transport: { writable: boolean; send: (packets: unknown[]) => void };
						}
					).transport;
					const send = polling.send.bind(polling);
					let ended = false;
					const end = () => {
						if (ended) return;
						ended = true;
						s.emit('n', 1);
						s.disconnect(true);
					};
					if (!polling.writable) end();
					polling.send = (packets) => {
						send(packets);
						end();
					};
				});
			});
			const c = connect(origin, {
				transports: ['polling', 'websocket'],
				reconnection: false,
				forceNew: true
			});
			clients.push(c);
			const outcome = await new Promise<{ heard: boolean; reason: string }>((ok) => {
				let heard = false;
				c.on('n', () => (heard = true));
				c.on('disconnect', (reason) => ok({ heard, reason }));
				setTimeout(() => ok({ heard, reason: 'no disconnect within 5 s' }), 5000);
			});
			expect(outcome).toEqual({ heard: true, reason: 'io server disconnect' });
			await serverSide;
			for (const x of clients.splice(0)) x.close();
			await server?.close();
		}
	});

	it('is applied once per connection', async () => {
		const { origin, serverSide } = await start(true);
		await client(origin);
		const s = await serverSide;
		const flush = (s.conn as unknown as { flush: () => void }).flush;
		coalesceWrites(s.conn);
		expect((s.conn as unknown as { flush: () => void }).flush).toBe(flush);
	});
});

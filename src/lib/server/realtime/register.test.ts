import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinWhileAllowed, RATE, take, type AppSocket } from './register';

describe('the per-connection event bucket', () => {
	it('allows a burst, then refuses until it refills at a steady rate', () => {
		const socket = {};
		const t0 = 1_000_000;
		let allowed = 0;
		for (let i = 0; i < RATE.burst + 20; i++) if (take(socket, t0)) allowed++;
		expect(allowed).toBe(RATE.burst);
		expect(take(socket, t0)).toBe(false);
		// Half a second later, half a second's worth is back.
		let later = 0;
		for (let i = 0; i < 50; i++) if (take(socket, t0 + 500)) later++;
		expect(later).toBe(RATE.perSecond / 2);
	});

	it('keeps connections apart: one flooding leaves the other untouched', () => {
		const noisy = {};
		const calm = {};
		for (let i = 0; i < 1_000; i++) take(noisy, 5_000);
		expect(take(noisy, 5_000)).toBe(false);
		expect(take(calm, 5_000)).toBe(true);
	});
});

describe('joining rooms while a removal is under way', () => {
	const http = createServer();
	const io = new Server(http);
	const room = 'conversation:c1';
	let client: ClientSocket;
	let socket: AppSocket;

	beforeAll(async () => {
		const arrived = new Promise<AppSocket>((found) =>
			io.on('connection', (s) => {
				void s.join('user:u1');
				found(s as unknown as AppSocket);
			})
		);
		await new Promise<void>((listening) => http.listen(0, '127.0.0.1', listening));
		const { port } = http.address() as AddressInfo;
		client = connect(`http://127.0.0.1:${port}`, { transports: ['websocket'] });
		socket = await arrived;
	});

	afterAll(async () => {
		client.close();
		await io.close();
	});

	// What a removal does once it has committed: takes the person's sockets out of the rooms.
	const expel = () => io.in('user:u1').socketsLeave([room]);
	const inRoom = async () => (await io.in(room).fetchSockets()).map((s) => s.id);

	it('stays when the person is still allowed once in the room', async () => {
		expect(await joinWhileAllowed(socket, [room], async () => true)).toBe(true);
		expect(await inRoom()).toEqual([socket.id]);
		await socket.leave(room);
	});

	it('leaves again when the removal took the sockets out just before this one joined', async () => {
		// Found allowed, then removed (and expelled) before the join: asked again, no longer.
		expel();
		expect(await joinWhileAllowed(socket, [room], async () => false)).toBe(false);
		expect(await inRoom()).toEqual([]);
		expect(socket.rooms.has('user:u1')).toBe(true);
	});

	it('leaves again when asking again fails', async () => {
		await expect(
			joinWhileAllowed(socket, [room], () => Promise.reject(new Error('database gone')))
		).rejects.toThrow('database gone');
		expect(await inRoom()).toEqual([]);
	});

	it('is taken out with the others when the removal commits while it asks again', async () => {
		// The second look read the membership before the removal committed, and the removal's
		// expulsion ran before the answer came back: the socket was in the room by then.
		const stayed = await joinWhileAllowed(socket, [room], async () => {
			expel();
			return true;
		});
		expect(stayed).toBe(true);
		expect(await inRoom()).toEqual([]);
	});
});

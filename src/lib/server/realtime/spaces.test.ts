import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from './io';
import { admitHere } from './spaces';

describe("this process's part of an admission", () => {
	const http = createServer();
	const io = new Server(http) as unknown as Io;
	let client: ClientSocket;

	beforeAll(async () => {
		const arrived = new Promise<void>((found) =>
			io.on('connection', (s) => {
				void s.join('user:u1');
				found();
			})
		);
		await new Promise<void>((listening) => http.listen(0, '127.0.0.1', listening));
		const { port } = http.address() as AddressInfo;
		client = connect(`http://127.0.0.1:${port}`, { transports: ['websocket'] });
		await arrived;
	});

	afterAll(async () => {
		client.close();
		await io.close();
	});

	afterEach(() => io.in('user:u1').socketsLeave('space:s1'));

	const inSpace = async () => (await io.in('space:s1').fetchSockets()).length;

	it("adds the person's sockets here to the space's room when they are still admitted", async () => {
		await admitHere(io, 'u1', 's1', async () => true);
		expect(await inSpace()).toBe(1);
	});

	it('takes them out again when the membership has ended meanwhile, or cannot be read', async () => {
		let asked = 0;
		await admitHere(io, 'u1', 's1', async () => {
			asked++;
			// They are in the room while it is read again.
			expect(await inSpace()).toBe(1);
			return false;
		});
		expect(asked).toBe(1);
		expect(await inSpace()).toBe(0);
		await admitHere(io, 'u1', 's1', async () => {
			throw new Error('the database is away');
		});
		expect(await inSpace()).toBe(0);
	});

	it('does nothing for someone with no socket on this process', async () => {
		let asked = 0;
		await admitHere(io, 'u2', 's1', async () => (asked++, true));
		expect(asked).toBe(0);
		expect(await inSpace()).toBe(0);
	});
});

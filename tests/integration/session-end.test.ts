import { describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { useApp } from '../helpers/suite';
import { expectStatus, PASSWORD } from '../helpers/http';
import { person } from '../helpers/spaces';
import { leaveAlone } from '../helpers/sessions';
import { openSocket } from '../helpers/sockets';

// The server's own look round for ended sessions comes only every ten minutes here: what
// closes a connection in these tests is the change itself.
const { app, socketFor } = useApp({ SESSION_RECHECK_MS: String(10 * 60_000) });

/** How a connection opened while its session was ending came out: refused, or let in and closed. */
function outcome(socket: Socket): Promise<'refused' | 'closed'> {
	return new Promise((settle, fail) => {
		const stuck = setTimeout(() => fail(new Error('still connected, its session ended')), 3_000);
		socket.once('connect_error', () => {
			clearTimeout(stuck);
			settle('refused');
		});
		socket.once('disconnect', () => {
			clearTimeout(stuck);
			settle('closed');
		});
	});
}

describe('a session ending while its device is connected or connecting', () => {
	it('closes the other connections of a device its next request finds left idle', async () => {
		const p = await person(app.origin, app.dbPath, 'Idle');
		const socket = await socketFor(p.visitor);
		const told = new Promise<{ reason: string }>((heard) => socket.once('session:ended', heard));
		const closed = outcome(socket);
		leaveAlone(app.dbPath, p.visitor, 17);
		// The request finds it idle and locks it; its open page hears so at once.
		expect((await p.visitor.get('/home')).headers.get('location')).toMatch(/^\/unlock/);
		expect(await closed).toBe('closed');
		expect(await told).toEqual({ reason: 'locked' });
	});

	it('never leaves connected a device let in while it was logging out', async () => {
		const p = await person(app.origin, app.dbPath, 'Leaving');
		// How long after the log-out is sent the device starts connecting (before it, if
		// negative): moved each round towards the moment where it stops being let in.
		let delay = 0;
		const wait = async (ms: number) => {
			const from = performance.now();
			while (performance.now() - from < ms) await new Promise((go) => setImmediate(go));
		};
		const seen = new Set<string>();
		for (let round = 0; round < 12; round++) {
			await expectStatus(await p.visitor.logIn(p.email, PASSWORD), 303);
			const token = p.visitor.sessionToken!;
			const [{ socket, how }] = await Promise.all([
				wait(delay).then(() => {
					const socket = openSocket(app.origin, { token });
					return { socket, how: outcome(socket) };
				}),
				wait(-delay).then(() => p.visitor.post('/logout', {}))
			]);
			seen.add(await how);
			socket.close();
			delay += (await how) === 'closed' ? 1 : -1;
		}
		// The rounds went either side of the moment: let in and closed, and refused.
		expect([...seen].sort()).toEqual(['closed', 'refused']);
	});
});

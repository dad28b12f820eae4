import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startApp, type RunningApp } from '../helpers/app';
import { PASSWORD, Visitor } from '../helpers/http';
import { person as someone, readDb, writeDb } from '../helpers/spaces';
import { leaveAlone, sessionIdOf } from '../helpers/sessions';
import { connected, disconnection, nextEvent, openSocket, refusal } from '../helpers/sockets';

let app: RunningApp;
const sockets: Socket[] = [];
beforeAll(async () => (app = await startApp({ SESSION_RECHECK_MS: '200' })));
afterAll(async () => app?.stop());
afterEach(() => {
	for (const s of sockets.splice(0)) s.close();
});

function track(socket: Socket): Socket {
	sockets.push(socket);
	return socket;
}

async function person(name = 'Ash') {
	const { visitor, email } = await someone(app.origin, app.dbPath, name);
	return { visitor, email, token: visitor.sessionToken! };
}

async function liveSocket(token: string) {
	const socket = track(openSocket(app.origin, { token }));
	await connected(socket);
	return socket;
}

/** One of a person's open connections closes; a new one of theirs is then let in. */
async function oneClosedAnotherIn(open: Socket[], token: string): Promise<void> {
	const gone = disconnection(open[0]!);
	open[0]!.close();
	await gone;
	await expect
		.poll(async () => {
			const s = track(openSocket(app.origin, { token }));
			try {
				await connected(s);
				return true;
			} catch {
				return false;
			}
		})
		.toBe(true);
}

describe('handshake', () => {
	it('refuses a connection without a session cookie', async () => {
		expect(await refusal(track(openSocket(app.origin)))).toBe('unauthenticated');
	});

	it('lets one person hold twenty connections at once, and no more', async () => {
		const { token } = await person('Many');
		const open: Socket[] = [];
		for (let i = 0; i < 20; i++) open.push(await liveSocket(token));
		expect(await refusal(track(openSocket(app.origin, { token })))).toBe('too_many_connections');
		// Someone else is not held back by it.
		const other = await person('Few');
		await liveSocket(other.token);
		// One closed, one more may come.
		await oneClosedAnotherIn(open, token);
	});

	it('counts a connection as the device being in use only when it is let in', async () => {
		const { visitor, token } = await person('Idle');
		const open: Socket[] = [];
		for (let i = 0; i < 20; i++) open.push(await liveSocket(token));
		const lastUse = () =>
			readDb<{ last_active_at: number }>(
				app.dbPath,
				'select last_active_at from sessions where id = ?',
				sessionIdOf(visitor)
			)[0]!.last_active_at;
		leaveAlone(app.dbPath, visitor, 10);
		const tenMinutesAgo = lastUse();
		// Turned away (a page asking again by itself is not a person at their device).
		expect(await refusal(track(openSocket(app.origin, { token })))).toBe('too_many_connections');
		expect(lastUse()).toBe(tenMinutesAgo);
		await oneClosedAnotherIn(open, token);
		expect(lastUse()).toBeGreaterThan(tenMinutesAgo);
	});

	it('refuses a forged or unknown session token', async () => {
		const forged = `${'a'.repeat(24)}.${'b'.repeat(24)}`;
		expect(await refusal(track(openSocket(app.origin, { token: forged })))).toBe('unauthenticated');
	});

	it('refuses a handshake from another origin, even with a valid cookie', async () => {
		const { token } = await person();
		const message = await refusal(
			track(openSocket(app.origin, { token, origin: 'http://evil.example' }))
		);
		expect(message).not.toBe('');
		const none = await refusal(track(openSocket(app.origin, { token, origin: null })));
		expect(none).not.toBe('');
	});

	it('accepts long-polling only when the browser marks it same-origin', async () => {
		const { token } = await person();
		const same = track(
			openSocket(app.origin, { token, origin: null, polling: true, fetchSite: 'same-origin' })
		);
		await connected(same);
		expect((await same.timeout(5000).emitWithAck('system:ping', { sentAt: 5 })).ok).toBe(true);
		const cross = track(
			openSocket(app.origin, { token, origin: null, polling: true, fetchSite: 'cross-site' })
		);
		expect(await refusal(cross)).not.toBe('');
		const nullOrigin = track(openSocket(app.origin, { token, origin: 'null', polling: true }));
		expect(await refusal(nullOrigin)).not.toBe('');
	});

	it('accepts a valid session and answers a ping through the contract', async () => {
		const { token } = await person();
		const socket = await liveSocket(token);
		const ack = await socket.timeout(5000).emitWithAck('system:ping', { sentAt: 42 });
		expect(ack.ok).toBe(true);
		expect(ack.data.sentAt).toBe(42);
		expect(typeof ack.data.serverAt).toBe('number');
	});
});

describe('payloads', () => {
	it.each([
		[undefined],
		[null],
		['text'],
		[{}],
		[{ sentAt: 'soon' }],
		[{ sentAt: 1, admin: true }],
		[[1, 2, 3]]
	])('answers the malformed payload %j with an error acknowledgement', async (payload) => {
		const { token } = await person();
		const socket = await liveSocket(token);
		const ack = await socket.timeout(5000).emitWithAck('system:ping', payload);
		expect(ack).toEqual({ ok: false, error: { code: 'invalid', message: expect.any(String) } });
		const still = await socket.timeout(5000).emitWithAck('system:ping', { sentAt: 1 });
		expect(still.ok).toBe(true);
	});

	it('answers a malformed payload without acknowledgement with a system:error event', async () => {
		const { token } = await person();
		const socket = await liveSocket(token);
		const error = nextEvent<{ event: string; code: string }>(socket, 'system:error');
		socket.emit('system:ping', { sentAt: 'never' });
		expect(await error).toMatchObject({ event: 'system:ping', code: 'invalid' });
	});

	it('answers events outside the contract instead of ignoring them', async () => {
		const { token } = await person();
		const socket = await liveSocket(token);
		const ack = await socket.timeout(5000).emitWithAck('admin:dropTables', {});
		expect(ack.ok).toBe(false);
		expect(ack.error.code).toBe('not_found');
	});

	it('closes a connection that sends an oversized payload, and keeps serving others', async () => {
		const { token } = await person();
		const big = await liveSocket(token);
		const other = await liveSocket(token);
		const closed = disconnection(big);
		big.emit('system:ping', { sentAt: 1, padding: 'x'.repeat(100_000) });
		expect(await closed).toBe('transport close');
		const ack = await other.timeout(5000).emitWithAck('system:ping', { sentAt: 7 });
		expect(ack.ok).toBe(true);
	});
});

describe('ending sessions closes their sockets at once', () => {
	it('after log out', async () => {
		const { visitor, token } = await person();
		const socket = await liveSocket(token);
		const ended = nextEvent<{ reason: string }>(socket, 'session:ended');
		const closed = disconnection(socket);
		await visitor.post('/logout', {});
		expect(await closed).toBe('io server disconnect');
		expect(await ended).toEqual({ reason: 'logged_out' });
		expect(await refusal(track(openSocket(app.origin, { token })))).toBe('unauthenticated');
	});

	it('after log out everywhere, on every device', async () => {
		const { visitor, email, token } = await person();
		const phone = new Visitor(app.origin);
		await phone.logIn(email, PASSWORD);
		const a = await liveSocket(token);
		const b = await liveSocket(phone.sessionToken!);
		const closedA = disconnection(a);
		const closedB = disconnection(b);
		await visitor.post('/account/devices?/everywhere', {});
		expect(await closedA).toBe('io server disconnect');
		expect(await closedB).toBe('io server disconnect');
	});

	it('after a password change, only on the other devices', async () => {
		const { visitor, email, token } = await person();
		const phone = new Visitor(app.origin);
		await phone.logIn(email, PASSWORD);
		const here = await liveSocket(token);
		const there = await liveSocket(phone.sessionToken!);
		const closed = disconnection(there);
		const res = await visitor.post('/account?/changePassword', {
			currentPassword: PASSWORD,
			newPassword: 'another calm evening 12'
		});
		expect(res.status).toBe(200);
		expect(await closed).toBe('io server disconnect');
		expect(here.connected).toBe(true);
		const ack = await here.timeout(5000).emitWithAck('system:ping', { sentAt: 3 });
		expect(ack.ok).toBe(true);
	});

	it('after the device is ended from the Devices page', async () => {
		const { visitor, email } = await person();
		const phone = new Visitor(app.origin);
		await phone.logIn(email, PASSWORD);
		const socket = await liveSocket(phone.sessionToken!);
		const closed = disconnection(socket);
		await visitor.post('/account/devices?/end', { sessionId: phone.sessionToken!.split('.')[0]! });
		expect(await closed).toBe('io server disconnect');
	});

	it('when the session disappears by other means, the periodic re-check closes the socket', async () => {
		const { token } = await person();
		const socket = await liveSocket(token);
		const closed = disconnection(socket);
		writeDb(app.dbPath, 'delete from sessions where id = ?', token.split('.')[0]);
		expect(await closed).toBe('io server disconnect');
	});
});

describe('rooms', () => {
	it('does not let one person’s session end close another person’s socket', async () => {
		const a = await person('Una');
		const b = await person('Bea');
		const sa = await liveSocket(a.token);
		const sb = await liveSocket(b.token);
		const closed = disconnection(sa);
		await a.visitor.post('/logout', {});
		await closed;
		expect(sb.connected).toBe(true);
		expect((await sb.timeout(5000).emitWithAck('system:ping', { sentAt: 1 })).ok).toBe(true);
	});
});

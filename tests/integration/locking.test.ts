import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/suite';
import { expectStatus, PASSWORD, Visitor } from '../helpers/http';
import { couple, person } from '../helpers/spaces';
import { leaveAlone as leaveIdle } from '../helpers/sessions';
import { writeNote } from '../helpers/notes';
import { disconnection, nextEvent, openSocket, refusal } from '../helpers/sockets';

// The server looks for locked devices' connections every 200 ms here.
const { app, socketFor: liveSocket } = useApp({ SESSION_RECHECK_MS: '200' });

const leaveAlone = (visitor: Visitor, minutes: number) => leaveIdle(app.dbPath, visitor, minutes);

const lock = (visitor: Visitor) => visitor.post('/unlock?/lock', {});

describe('a locked device', () => {
	it('shows nothing but Unlock, on every page, and nothing about whose it is', async () => {
		const { a, spaceId } = await couple(app.origin, app.dbPath);
		await writeNote(a, spaceId, { body: 'words only I may read' });
		expect((await lock(a.visitor)).headers.get('location')).toBe('/unlock?redirectTo=%2Fhome');
		for (const path of ['/home', `/spaces/${spaceId}/journal`, '/account', '/']) {
			const res = await expectStatus(await a.visitor.get(path), 303);
			expect(res.headers.get('location')).toBe(`/unlock?redirectTo=${encodeURIComponent(path)}`);
		}
		const page = await (await expectStatus(await a.visitor.get('/unlock'), 200)).text();
		expect(page).toContain('Unlock');
		for (const personal of [a.name, a.email, 'words only I may read', spaceId])
			expect(page).not.toContain(personal);
		// Log-in and sign-up lead there too: the way back in is the password.
		expect((await a.visitor.get('/login')).headers.get('location')).toMatch(/^\/unlock/);
	});

	it('opens again with the password, and back where the person was', async () => {
		const { a, spaceId } = await couple(app.origin, app.dbPath);
		await lock(a.visitor);
		const target = encodeURIComponent(`/spaces/${spaceId}/journal`);
		const wrong = await a.visitor.post(`/unlock?/unlock&redirectTo=${target}`, {
			password: 'not the password'
		});
		expect(wrong.status).toBe(400);
		expect(await wrong.text()).toContain('That password is not right');
		expect((await a.visitor.get('/home')).status).toBe(303);
		const right = await a.visitor.post(`/unlock?/unlock&redirectTo=${target}`, {
			password: PASSWORD
		});
		expect(right.status).toBe(303);
		expect(right.headers.get('location')).toBe(`/spaces/${spaceId}/journal`);
		expect((await a.visitor.get(`/spaces/${spaceId}/journal`)).status).toBe(200);
	});

	it('locks this device only: the same person elsewhere goes on', async () => {
		const phone = await person(app.origin, app.dbPath, 'Rae');
		const laptop = new Visitor(app.origin);
		await expectStatus(await laptop.logIn(phone.email, PASSWORD), 303);
		await lock(phone.visitor);
		expect((await phone.visitor.get('/home')).status).toBe(303);
		expect((await laptop.get('/home')).status).toBe(200);
	});

	it('is locked by the cookie Quick exit leaves, on the very next request', async () => {
		const p = await person(app.origin, app.dbPath, 'Kai');
		p.visitor.cookies.set('trellis_lock', '1');
		const res = await p.visitor.get('/home');
		expect(res.headers.get('location')).toBe('/unlock?redirectTo=%2Fhome');
		// The cookie has done its work; the lock itself is kept by the server.
		expect(p.visitor.cookies.has('trellis_lock')).toBe(false);
		expect((await p.visitor.get('/account')).status).toBe(303);
	});

	it('closes its live connection at once, and takes no new one until unlocked', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const socket = await liveSocket(a.visitor);
		const told = nextEvent<{ reason: string }>(socket, 'session:ended');
		const gone = disconnection(socket);
		await lock(a.visitor);
		expect(await told).toEqual({ reason: 'locked' });
		await gone;
		const again = openSocket(app.origin, { token: a.visitor.sessionToken! });
		expect(await refusal(again)).toBe('locked');
		again.close();
		// The partner's connection is untouched and still hears the space.
		const theirs = await liveSocket(b.visitor);
		expect(theirs.connected).toBe(true);
		await a.visitor.post(`/unlock?/unlock&redirectTo=/spaces/${spaceId}`, { password: PASSWORD });
		await liveSocket(a.visitor);
	});

	it('answers "still here" with whether the device is open', async () => {
		const p = await person(app.origin, app.dbPath, 'Lux');
		expect((await p.visitor.post('/session', {})).status).toBe(204);
		await lock(p.visitor);
		expect((await p.visitor.post('/session', {})).status).toBe(423);
		expect((await new Visitor(app.origin).post('/session', {})).status).toBe(401);
	});
});

describe('lock when idle', () => {
	it('locks a device left alone for its "Lock after", page closed or not', async () => {
		const p = await person(app.origin, app.dbPath, 'Idle');
		const socket = await liveSocket(p.visitor);
		const told = nextEvent<{ reason: string }>(socket, 'session:ended');
		leaveAlone(p.visitor, 17);
		// The open page's connection is closed by the server's next look round.
		expect(await told).toEqual({ reason: 'locked' });
		expect((await p.visitor.get('/home')).headers.get('location')).toMatch(/^\/unlock/);
	});

	it('does not lock a device still within its time', async () => {
		const p = await person(app.origin, app.dbPath, 'Busy');
		leaveAlone(p.visitor, 13);
		expect((await p.visitor.get('/home')).status).toBe(200);
	});

	it('follows the choice made for this device on the account page', async () => {
		const p = await person(app.origin, app.dbPath, 'Choosy');
		const saved = await p.visitor.post('/account?/setLockAfter', { lockAfter: 'never' });
		expect(saved.status).toBe(200);
		leaveAlone(p.visitor, 3 * 24 * 60);
		expect((await p.visitor.get('/home')).status).toBe(200);
		await p.visitor.post('/account?/setLockAfter', { lockAfter: '5' });
		expect(await (await p.visitor.get('/account')).text()).toMatch(
			/<option value="5" selected[^>]*>5 minutes/
		);
		leaveAlone(p.visitor, 7);
		expect((await p.visitor.get('/home')).status).toBe(303);
		const refused = await p.visitor.post('/account?/setLockAfter', { lockAfter: '9999' });
		expect(refused.status).toBe(303); // locked: nothing is changed there now
	});

	it('refuses a choice it does not offer, with a clear message', async () => {
		const p = await person(app.origin, app.dbPath, 'Odd');
		const res = await p.visitor.post('/account?/setLockAfter', { lockAfter: '9999' });
		expect(res.status).toBe(400);
		expect(await res.text()).toContain('Please choose one of the times offered.');
	});
});

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../helpers/app';
import { away, settle, wants } from '../helpers/notifications';
import { expectStatus, Visitor } from '../helpers/http';
import { couple, readDb, type Person } from '../helpers/spaces';
import { propose, share, writeNote } from '../helpers/notes';
import { startPushService, type Device, type PushService } from '../helpers/push';
import { openReady, type Connection } from '../../src/lib/server/db/connection';
import { deliverNotifications, notifyDevice } from '../../src/lib/server/notifications';
import { posting } from '../../src/lib/server/notifications/push';
import { NEUTRAL } from '../../src/lib/domain/notifications';

// The app's own notifier is held back: the test tells it when, with its own clock.
let app: RunningApp;
let conn: Connection;
let push: PushService;
beforeAll(async () => {
	app = await startApp({ NOTIFY_INTERVAL_MS: String(24 * 3_600_000) });
	conn = await openReady(app.database);
	// The server's keys live beside its database; the test signs with the same ones.
	process.env.DATABASE_PATH = app.dbPath;
	push = await startPushService();
});
afterAll(async () => {
	await conn?.close();
	await push?.close();
	await app?.stop();
});

const sessionOf = (p: Person) => p.visitor.sessionToken!.split('.')[0]!;

/** The person's browser turns on notifications (the browser's part is played by the test). */
async function turnOn(p: Person): Promise<Device> {
	const device = push.device();
	await notifyDevice(conn.db, p.id, sessionOf(p), device);
	return device;
}

const devicesOf = (userId: string) =>
	readDb<{ endpoint: string; groups: string; session_id: string }>(
		app.dbPath,
		'select endpoint, groups, session_id from push_subscriptions where user_id = ?',
		userId
	);

describe('notifications on a device', () => {
	it('reach it signed with the server’s key and encrypted for that device, in neutral words', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const device = await turnOn(b);
		const start = push.received.length;
		await propose(a, spaceId, 'Phones away MARKER-PUSH');
		await deliverNotifications(conn.db, away, settle());

		const mine = push.received.slice(start).filter((r) => r.device === device.id);
		expect(push.refused).toEqual([]);
		expect(mine).toHaveLength(1);
		expect(mine[0]!.message).toEqual({ title: 'Trellis', body: NEUTRAL, path: '/home' });
		expect(mine[0]!.plaintext).not.toMatch(/MARKER|Phones|Alma|Ben/);
		expect(mine[0]!.headers.urgency).toBe('normal');
		const keys = JSON.parse(readFileSync(join(dirname(app.dbPath), 'vapid.json'), 'utf8')) as {
			publicKey: string;
		};
		expect(mine[0]!.signedBy).toBe(keys.publicKey);
		// The same key is what the account page gives the browser to subscribe with.
		expect(await (await b.visitor.get('/account/__data.json')).text()).toContain(keys.publicKey);
	});

	it('say the kind of thing and open its page only for those who asked, and only for what the device chose', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const device = await turnOn(b);
		await wants(b, { email: [], showKind: 'on', deviceChoices: 'on', device: ['agreements'] });
		expect(JSON.parse(devicesOf(b.id)[0]!.groups)).toEqual(['agreements']);
		const start = push.received.length;
		await propose(a, spaceId, 'Walks on Sundays');
		await deliverNotifications(conn.db, away, settle());
		const [first] = push.received.slice(start).filter((r) => r.device === device.id);
		expect(first!.message.body).toBe('An agreement needs your answer');
		expect(first!.message.path).toMatch(new RegExp(`^/spaces/${spaceId}/agreements`));

		// Shares are not among the device's choices (nor email's): nothing is noted at all.
		const note = await writeNote(a, spaceId, { body: 'Not for the phone' });
		await share(a, spaceId, note, 'partner');
		await deliverNotifications(conn.db, away, settle());
		expect(push.received.slice(start).filter((r) => r.device === device.id)).toHaveLength(1);
	});

	it('forget a device its push service no longer knows', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const device = await turnOn(b);
		device.answer = 410;
		// Email is off, so the device is the only reason to note anything for B.
		await wants(b, { email: [] });
		await propose(a, spaceId, 'Gone device');
		expect(devicesOf(b.id)).toHaveLength(1);
		await deliverNotifications(conn.db, away, settle());
		expect(devicesOf(b.id)).toEqual([]);
		// With no device and no email wanted, nothing more is noted for B.
		await propose(a, spaceId, 'Nobody to tell');
		expect(
			readDb(
				app.dbPath,
				'select id from notifications where user_id = ? and handled_at is null',
				b.id
			)
		).toEqual([]);
	});

	it('give up on a push service that never answers, and tell everyone else all the same', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const silent = await turnOn(b);
		silent.answer = 0;
		const fine = await turnOn(a);
		const start = push.received.length;
		await propose(a, spaceId, 'Told to a silent service');
		await propose(b, spaceId, 'Told to a device that answers');
		// In the order their people are read: either way, the silent one holds nobody up.
		await deliverNotifications(conn.db, away, settle(), undefined, posting(300));
		const got = push.received.slice(start).map((r) => r.device);
		expect(got).toContain(silent.id);
		expect(got).toContain(fine.id);
	});

	it('are turned on and off from the account page, for this log-in only; logging out stops them', async () => {
		const { a, b } = await couple(app.origin, app.dbPath);
		const subscription = {
			endpoint: `https://push.example.com/send/${b.id}`,
			p256dh: 'B'.repeat(87),
			auth: 'A'.repeat(22)
		};
		for (const endpoint of [
			'http://127.0.0.1:9/push',
			'https://localhost/push',
			'https://10.0.0.1/push',
			'not a url'
		]) {
			const res = await b.visitor.post('/account?/notifyDevice', { ...subscription, endpoint });
			expect(res.status, endpoint).toBe(400);
			expect(await res.text()).toContain('Trellis cannot send notifications to');
		}
		const badKey = await b.visitor.post('/account?/notifyDevice', { ...subscription, auth: '<>' });
		expect(badKey.status).toBe(400);
		expect(devicesOf(b.id)).toEqual([]);

		// Sent twice (a double tap), it is one device, tied to this log-in.
		await expectStatus(await b.visitor.post('/account?/notifyDevice', subscription), 200);
		await expectStatus(await b.visitor.post('/account?/notifyDevice', subscription), 200);
		expect(devicesOf(b.id)).toEqual([
			{
				endpoint: subscription.endpoint,
				groups: JSON.stringify(['agreements', 'checkins', 'counselor', 'conversations']),
				session_id: sessionOf(b)
			}
		]);
		const page = await (await b.visitor.get('/account')).text();
		expect(page).toContain('Stop notifying this device');
		expect(page).toContain('Notify this device about');

		// Someone else stopping their own device changes nothing of B's.
		await expectStatus(
			await a.visitor.post('/account?/stopNotifyingDevice', { form: 'device' }),
			200
		);
		expect(devicesOf(b.id)).toHaveLength(1);
		await expectStatus(
			await b.visitor.post('/account?/stopNotifyingDevice', { form: 'device' }),
			200
		);
		expect(devicesOf(b.id)).toEqual([]);
		expect(await (await b.visitor.get('/account')).text()).not.toContain(
			'Stop notifying this device'
		);

		await expectStatus(await b.visitor.post('/account?/notifyDevice', subscription), 200);
		expect(devicesOf(b.id)).toHaveLength(1);
		await b.visitor.post('/logout', {});
		expect(devicesOf(b.id)).toEqual([]);

		const stranger = new Visitor(app.origin);
		const refused = await stranger.post('/account?/notifyDevice', subscription);
		expect(refused.status).toBeLessThan(500);
		expect(
			readDb(
				app.dbPath,
				'select id from push_subscriptions where endpoint = ?',
				subscription.endpoint
			)
		).toEqual([]);
	});
});

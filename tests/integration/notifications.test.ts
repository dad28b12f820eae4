import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../helpers/app';
import { away, settle, wants } from '../helpers/notifications';
import { expectStatus, Visitor } from '../helpers/http';
import { couple, person, readDb, type Person } from '../helpers/spaces';
import { propose, share, writeNote } from '../helpers/notes';
import { advanceTo, answers, choose, submitAnswers } from '../helpers/journey';
import { openReady, type Connection } from '../../src/lib/server/db/connection';
import {
	deliverNotifications,
	notifyDevice,
	saveSettings,
	settingsOf
} from '../../src/lib/server/notifications';
import { markDigestSent } from '../../src/lib/server/notifications/settings';
import { startPushService, type PushService } from '../helpers/push';
import { compose } from '../../src/lib/server/mail/messages';
import { BATCH_QUIET_MS } from '../../src/lib/domain/notifications';
import { notifications } from '../../src/lib/server/db/schema';

// The app's own notifier is held back: the test tells it when, with its own clock.
let app: RunningApp;
let conn: Connection;
let push: PushService;
beforeAll(async () => {
	push = await startPushService();
	app = await startApp({ NOTIFY_INTERVAL_MS: String(24 * 3_600_000) });
	conn = await openReady(app.database);
	// Signed links are made with the app's key, which lives beside its database.
	process.env.DATABASE_PATH = app.dbPath;
});
afterAll(async () => {
	await conn?.close();
	await push?.close();
	await app?.stop();
});

const later = (ms: number) => Date.now() + ms;

function mailTo(email: string) {
	return readDb<{ kind: string; params: string }>(
		app.dbPath,
		"select kind, params from mail_outbox where to_address = ? and kind = 'notification'",
		email
	).map((r) => ({ ...r, params: JSON.parse(r.params) as Record<string, string> }));
}

function waiting(userId: string) {
	return readDb<{ kind: string; path: string }>(
		app.dbPath,
		'select kind, path from notifications where user_id = ? and handled_at is null',
		userId
	);
}

/** Emails of agreements for `p`, whose zone becomes UTC, with quiet hours from an hour ago until an hour from now. */
async function quietNow(p: Person) {
	const now = new Date();
	const minute = now.getUTCHours() * 60 + now.getUTCMinutes();
	const clock = (m: number) => {
		const x = ((m % 1440) + 1440) % 1440;
		return `${String(Math.floor(x / 60)).padStart(2, '0')}:${String(x % 60).padStart(2, '0')}`;
	};
	await expectStatus(await p.visitor.post('/account?/setTimeZone', { timeZone: 'UTC' }), 200);
	await wants(p, {
		email: 'agreements',
		quietFrom: clock(minute - 60),
		quietUntil: clock(minute + 60)
	});
}

describe('notifications', () => {
	it('tell the other partner once, neutrally, after things settle; never the one who acted', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		await deliverNotifications(conn.db, away, settle());
		await propose(a, spaceId, 'Phones away at dinner MARKER-AGREE');
		await propose(a, spaceId, 'Walk on Sundays MARKER-AGREE2');
		expect(waiting(a.id)).toEqual([]);
		expect(waiting(b.id).map((w) => w.kind)).toEqual([
			'agreement_to_answer',
			'agreement_to_answer'
		]);

		// Still settling: nothing yet.
		await deliverNotifications(conn.db, away, later(BATCH_QUIET_MS - 30_000));
		expect(mailTo(b.email)).toEqual([]);
		await deliverNotifications(conn.db, away, settle());
		const sent = mailTo(b.email);
		expect(sent).toHaveLength(1);
		expect(sent[0]!.params.kinds).toBeUndefined();
		expect(waiting(b.id)).toEqual([]);
		expect(mailTo(a.email)).toEqual([]);

		const letter = compose('notification', sent[0]!.params, (p) => app.origin + p);
		expect(letter.subject).toBe('There is something new for you in Trellis');
		expect(letter.text).not.toMatch(/MARKER|Phones|Alma|Ben|agreement/i);
		expect(letter.text).toContain(`${app.origin}/home`);
		expect(letter.headers?.['List-Unsubscribe']).toMatch(
			/^<http:\/\/127\.0\.0\.1:\d+\/unsubscribe\//
		);
		expect(letter.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
		// The same run again sends nothing more.
		await deliverNotifications(conn.db, away, settle());
		expect(mailTo(b.email)).toHaveLength(1);
	});

	it('tell each person once when two processes deliver at the same moment', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		await deliverNotifications(conn.db, away, settle());
		await propose(a, spaceId, 'Phones away at dinner MARKER-TWICE');
		expect(waiting(b.id)).toHaveLength(1);
		// A second process: its own connection to the same file. Asking whether a device is
		// connected takes a moment, so both have read the same waiting notifications.
		const other = await openReady(app.database);
		const slowlyAway = () => new Promise<boolean>((ok) => setTimeout(() => ok(false), 20));
		try {
			const results = await Promise.all([
				deliverNotifications(conn.db, slowlyAway, settle()),
				deliverNotifications(other.db, slowlyAway, settle())
			]);
			expect(results.reduce((n, r) => n + r.told, 0)).toBe(1);
		} finally {
			await other.close();
		}
		expect(waiting(b.id)).toEqual([]);
		expect(mailTo(b.email)).toHaveLength(1);
	});

	it('tell a digest once a day, though a second process read more of it while the first told it', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		await expectStatus(await b.visitor.post('/account?/setTimeZone', { timeZone: 'UTC' }), 200);
		await wants(b, { email: 'agreements', digest: 'on' });
		await propose(a, spaceId, 'First of the day');
		const nextNine = new Date();
		nextNine.setUTCDate(nextNine.getUTCDate() + 1);
		nextNine.setUTCHours(9, 0, 0, 0);
		// Each process stops, once it has read what waits for B, until the test lets it go on.
		const paused = () => {
			let go!: () => void;
			let reached!: () => void;
			const goes = new Promise<void>((resolve) => (go = resolve));
			const arrived = new Promise<void>((resolve) => (reached = resolve));
			const hook = async (userId: string) => {
				if (userId === b.id) {
					reached();
					await goes;
				}
				return false;
			};
			return { hook, arrived, go };
		};
		const other = await openReady(app.database);
		try {
			const first = paused();
			const firstRun = deliverNotifications(conn.db, first.hook, nextNine.getTime());
			await first.arrived;
			// More comes in; the second process reads it all, the first's part included.
			await propose(a, spaceId, 'Second, while the first was being told');
			const second = paused();
			const secondRun = deliverNotifications(other.db, second.hook, nextNine.getTime());
			await second.arrived;
			first.go();
			await firstRun;
			second.go();
			await secondRun;
		} finally {
			await other.close();
		}
		expect(mailTo(b.email)).toHaveLength(1);
		// What came later waits for tomorrow's digest, not lost.
		expect(waiting(b.id)).toHaveLength(1);
	});

	it('keep a digest marked as sent when choices read before it are saved after it', async () => {
		const p = await person(app.origin, app.dbPath, 'Dee');
		const read = await settingsOf(conn.db, p.id);
		await markDigestSent(conn.db, p.id, '2026-12-08');
		await saveSettings(conn.db, p.id, { ...read, digest: true });
		expect(await settingsOf(conn.db, p.id)).toMatchObject({
			digest: true,
			digestSentOn: '2026-12-08'
		});
	});

	it('follow each person’s choices: off by default for shares, the kind only when asked, nothing while connected', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const note = await writeNote(a, spaceId, { body: 'What I feel MARKER-SHARE' });
		await share(a, spaceId, note, 'partner');
		expect(waiting(b.id)).toEqual([]);

		await wants(b, { email: ['shared', 'agreements'], showKind: 'on' });
		const second = await writeNote(a, spaceId, { body: 'More MARKER-SHARE2' });
		await share(a, spaceId, second, 'partner');
		expect(waiting(b.id)).toEqual([{ kind: 'shared', path: `/spaces/${spaceId}/shared` }]);
		await deliverNotifications(conn.db, () => true, settle());
		expect(mailTo(b.email)).toEqual([]);
		expect(waiting(b.id)).toEqual([]);

		const third = await writeNote(a, spaceId, { body: 'Again MARKER-SHARE3' });
		await share(a, spaceId, third, 'partner');
		await deliverNotifications(conn.db, away, settle());
		const [mail] = mailTo(b.email);
		expect(mail!.params.kinds).toBe('shared');
		const letter = compose('notification', mail!.params, (p) => app.origin + p);
		expect(letter.subject).toBe('Something was shared with you');
		expect(letter.text).not.toMatch(/MARKER|Again/);
	});

	it('hold what comes in quiet hours until they end, and gather a day into one digest', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const now = new Date();
		await quietNow(b);
		await propose(a, spaceId, 'Quiet one');
		await deliverNotifications(conn.db, away, settle());
		expect(mailTo(b.email)).toEqual([]);
		await deliverNotifications(conn.db, away, later(61 * 60_000));
		expect(mailTo(b.email)).toHaveLength(1);

		const c = await couple(app.origin, app.dbPath);
		await wants(c.b, { email: 'agreements', digest: 'on' });
		await propose(c.a, c.spaceId, 'First of the day');
		await propose(c.a, c.spaceId, 'Second of the day');
		// From 09:00 on the person's day, one digest; then nothing more that day.
		const nextNine = new Date(now);
		nextNine.setUTCDate(now.getUTCDate() + 1);
		nextNine.setUTCHours(9, 0, 0, 0);
		await deliverNotifications(conn.db, away, nextNine.getTime() - 60_000);
		expect(mailTo(c.b.email)).toEqual([]);
		await deliverNotifications(conn.db, away, nextNine.getTime());
		expect(mailTo(c.b.email)).toHaveLength(1);
		await propose(c.a, c.spaceId, 'Third, the same day');
		await deliverNotifications(conn.db, away, nextNine.getTime() + 3_600_000);
		expect(mailTo(c.b.email)).toHaveLength(1);
	});

	it('reach everyone due, however much waits for people who are not due yet', async () => {
		const held = await couple(app.origin, app.dbPath);
		await quietNow(held.b);
		// More waits for them, from earlier, than one round of delivery reads at once.
		const earlier = new Date(Date.now() - 3_600_000);
		await conn.db.insert(notifications).values(
			Array.from({ length: 1_500 }, (_, i) => ({
				id: `held-${held.b.id}-${i}`,
				userId: held.b.id,
				spaceId: held.spaceId,
				kind: 'agreement_to_answer',
				path: `/spaces/${held.spaceId}/agreements`,
				createdAt: earlier
			}))
		);
		const due = await couple(app.origin, app.dbPath);
		await wants(due.b, { email: 'agreements' });
		await propose(due.a, due.spaceId, 'Tea at four');
		await deliverNotifications(conn.db, away, settle());
		expect(mailTo(due.b.email)).toHaveLength(1);
		expect(waiting(due.b.id)).toEqual([]);
		// Still their quiet hours: all of it waits, nothing is lost.
		expect(mailTo(held.b.email)).toEqual([]);
		expect(waiting(held.b.id)).toHaveLength(1_500);
		// Once they are over, all of it is told at once, in one message.
		await deliverNotifications(conn.db, away, later(61 * 60_000));
		expect(mailTo(held.b.email)).toHaveLength(1);
		expect(waiting(held.b.id)).toEqual([]);
	});

	it('never tell a counselor of a partner-only share, nor anyone of a sealed answer before the reveal', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const everything = ['shared', 'together', 'checkins', 'counselor'];
		for (const p of [a, b, c!]) {
			// Each also has a device that wants to hear of everything, in words.
			await notifyDevice(conn.db, p.id, p.visitor.sessionToken!.split('.')[0]!, push.device());
			await wants(p, {
				email: everything,
				showKind: 'on',
				deviceChoices: 'on',
				device: everything
			});
		}
		const note = await writeNote(a, spaceId, { body: 'For you only MARKER-PRIVATE' });
		await share(a, spaceId, note, 'partner');
		const shares = (id: string) => waiting(id).filter((w) => w.kind === 'shared');
		expect(shares(c!.id)).toEqual([]);
		expect(shares(b.id)).toHaveLength(1);
		const both = await writeNote(a, spaceId, { body: 'For both MARKER-BOTH' });
		await share(a, spaceId, both, 'both');
		expect(shares(c!.id)).toHaveLength(1);

		await advanceTo(a, b, spaceId, 3);
		await deliverNotifications(conn.db, away, settle());
		const before = waiting(b.id).length;
		await submitAnswers(
			a,
			spaceId,
			answers(() => 'not_sure', 'MARKER-SEALED')
		);
		expect(waiting(b.id)).toHaveLength(before);
		await submitAnswers(
			b,
			spaceId,
			answers(() => 'not_sure', 'MARKER-SEALED-B')
		);
		expect(waiting(a.id).map((w) => w.kind)).toContain('answers_in');

		await advanceTo(a, b, spaceId, 4, 3);
		await deliverNotifications(conn.db, away, settle());
		expect((await choose(a, spaceId, 'continue', 'MARKER-CHOICE')).status).toBe(200);
		expect(waiting(b.id)).toEqual([]);
		await choose(b, spaceId, 'continue');
		expect(waiting(a.id).map((w) => w.kind)).toEqual(['choices_revealed']);
		await deliverNotifications(conn.db, away, settle());

		// No marker of anything private or sealed is in the outbox, in any message made from it, or
		// in anything a device received.
		const outbox = readDb<Record<string, unknown>>(app.dbPath, 'select * from mail_outbox');
		const rows = readDb<Record<string, unknown>>(app.dbPath, 'select * from notifications');
		const letters = outbox
			.filter((r) => r.kind === 'notification')
			.map((r) => compose('notification', JSON.parse(String(r.params)), (p) => app.origin + p));
		expect(letters.length).toBeGreaterThan(0);
		expect(push.received.length).toBeGreaterThan(0);
		expect(push.refused).toEqual([]);
		const pushed = push.received.map((r) => r.plaintext);
		expect(JSON.stringify([outbox, rows, letters, pushed])).not.toContain('MARKER');
	});

	it('stop by the link at the foot of an email, without logging in, and only for that person', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		await propose(a, spaceId, 'Unsubscribe me');
		await deliverNotifications(conn.db, away, settle());
		const [mail] = mailTo(b.email);
		const path = `/unsubscribe/${mail!.params.unsubscribe}`;
		const stranger = new Visitor(app.origin);
		const page = await (await stranger.get(path)).text();
		expect(page).toContain('Stop these emails');
		// Opening it changes nothing; the one-click post does (as a mail program sends it, from nowhere).
		const settingsOf = () =>
			readDb<{ email_groups: string }>(
				app.dbPath,
				'select email_groups from notification_settings where user_id = ?',
				b.id
			);
		expect(settingsOf()).toEqual([]);
		const oneClick = await fetch(app.origin + path, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'List-Unsubscribe=One-Click'
		});
		expect(oneClick.status).toBe(200);
		expect(JSON.parse(settingsOf()[0]!.email_groups)).not.toContain('agreements');
		await propose(a, spaceId, 'Not told any more');
		expect(waiting(b.id)).toEqual([]);

		const tampered = path.slice(0, -4) + 'aaaa';
		expect(await (await stranger.get(tampered)).text()).toContain('This link does not work');
		const refused = await stranger.post(tampered, {});
		expect(refused.status).toBe(404);
		const [, groups, signature] = mail!.params.unsubscribe!.split('.');
		const other = `/unsubscribe/${a.id}.${groups}.${signature}`;
		expect((await stranger.post(other, {})).status).toBe(404);
	});
});

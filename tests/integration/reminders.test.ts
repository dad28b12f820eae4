import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../helpers/app';
import { expectStatus } from '../helpers/http';
import { couple, readDb, type Person } from '../helpers/spaces';
import { clientId } from '../helpers/notes';
import { openReady, type Connection } from '../../src/lib/server/db/connection';
import { deliverNotifications } from '../../src/lib/server/notifications';
import { remind } from '../../src/lib/server/reminders';
import { checkinAnswers } from '../../src/lib/server/db/schema';

// The app's own notifier is held back: the test runs the reminders with its own clock.
let app: RunningApp;
let conn: Connection;
beforeAll(async () => {
	app = await startApp({ NOTIFY_INTERVAL_MS: String(24 * 3_600_000) });
	conn = await openReady(app.database);
	process.env.DATABASE_PATH = app.dbPath;
});
afterAll(async () => {
	await conn?.close();
	await app?.stop();
});

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const away = () => false;

const noted = (userId: string) =>
	readDb<{ kind: string; path: string }>(
		app.dbPath,
		'select kind, path from notifications where user_id = ? order by created_at, kind',
		userId
	);
const kinds = (userId: string) => noted(userId).map((n) => n.kind);
const mailCount = (email: string) =>
	readDb<{ n: number }>(
		app.dbPath,
		"select count(*) as n from mail_outbox where to_address = ? and kind = 'notification'",
		email
	)[0]!.n;

async function plan(p: Person, spaceId: string, at: number) {
	const res = await p.visitor.post(`/spaces/${spaceId}/conversations/new`, {
		clientId: clientId(),
		topic: 'Our week',
		format: 'free',
		when: 'later',
		startsAtUtc: new Date(at).toISOString()
	});
	expect(res.status, await res.clone().text()).toBe(303);
	return /conversations\/([a-z0-9]+)$/.exec(res.headers.get('location')!)![1]!;
}

describe('reminders', () => {
	it('of a planned conversation: once within the hour and once at its start, each sent at once', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const start = Date.now() + 3 * 60 * MINUTE;
		const id = await plan(a, spaceId, start);
		await deliverNotifications(conn.db, away, Date.now() + DAY);
		const before = { a: mailCount(a.email), b: mailCount(b.email) };

		await remind(conn.db, start - 90 * MINUTE);
		expect(kinds(a.id)).not.toContain('conversation_soon');
		// Asked every tick, on every machine: noted once.
		for (const at of [start - 50 * MINUTE, start - 40 * MINUTE, start - MINUTE])
			await remind(conn.db, at);
		for (const p of [a, b])
			expect(noted(p.id).filter((n) => n.kind === 'conversation_soon')).toEqual([
				{ kind: 'conversation_soon', path: `/spaces/${spaceId}/conversations/${id}` }
			]);
		// A reminder of a moment does not wait for a batch to settle.
		await deliverNotifications(conn.db, away, start - 40 * MINUTE + 1_000);
		expect(mailCount(a.email)).toBe(before.a + 1);
		expect(mailCount(b.email)).toBe(before.b + 1);

		await remind(conn.db, start + MINUTE);
		await remind(conn.db, start + 2 * MINUTE);
		expect(kinds(b.id).filter((k) => k === 'conversation_starting')).toHaveLength(1);
		// Too late is not noted at all: a plan nobody begun an hour ago is not news.
		const { a: a2, spaceId: s2 } = await couple(app.origin, app.dbPath);
		const old = await plan(a2, s2, Date.now() + 60 * MINUTE);
		await remind(conn.db, Date.now() + 3 * 60 * MINUTE);
		expect(noted(a2.id).map((n) => n.path)).not.toContain(`/spaces/${s2}/conversations/${old}`);
	});

	it('of a time-out about to end, for everyone in the conversation', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const res = await a.visitor.post(`/spaces/${spaceId}/conversations/new`, {
			clientId: clientId(),
			topic: 'Now',
			format: 'free',
			when: 'now'
		});
		const id = /conversations\/([a-z0-9]+)$/.exec(res.headers.get('location')!)![1]!;
		await expectStatus(
			await a.visitor.post(`/spaces/${spaceId}/conversations/${id}?/act`, {
				clientId: clientId(),
				type: 'timeout',
				minutes: '20'
			}),
			200
		);
		const { until } = readDb<{ state: string }>(
			app.dbPath,
			'select state from conversations where id = ?',
			id
		).map((r) => (JSON.parse(r.state) as { pause: { until: number } }).pause)[0]!;
		await remind(conn.db, until - 10 * MINUTE);
		expect(kinds(b.id)).not.toContain('timeout_ending');
		await remind(conn.db, until - 4 * MINUTE);
		await remind(conn.db, until - 2 * MINUTE);
		for (const p of [a, b])
			expect(
				kinds(p.id).filter((k) => k === 'timeout_ending'),
				p.name
			).toHaveLength(1);
	});

	it('of a check-in due, and once more a day later if it is still unanswered; a sharp drop flagged to the counselor', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		// Weekly, due today at midnight UTC (both partners' zone).
		const today = new Date().toISOString().slice(0, 10);
		const lastWeek = new Date(Date.parse(today) - 7 * DAY).toISOString().slice(0, 10);
		const assigned = await c!.visitor.post(`/spaces/${spaceId}/checkins?/assign`, {
			clientId: clientId(),
			templateId: 'weekly-trust',
			cadence: 'weekly',
			startDate: lastWeek,
			time: '00:00',
			weekday: ''
		});
		expect(assigned.status, await assigned.clone().text()).toBe(200);
		const [schedule] = readDb<{ id: string }>(
			app.dbPath,
			'select id from checkin_schedules where space_id = ?',
			spaceId
		);
		const dueAt = Date.parse(`${today}T00:00:00Z`);
		const path = `/spaces/${spaceId}/checkins/${schedule!.id}/${today}`;
		await remind(conn.db, Date.now());
		for (const p of [a, b]) expect(noted(p.id)).toContainEqual({ kind: 'checkin_due', path });
		expect(kinds(c!.id)).not.toContain('checkin_due');

		// A answers; B does not. A day after it fell due, only B is reminded, once.
		const answers = { trust: '8', safe: '7', hope: '7', kept: 'Mostly', helped: '', hard: '' };
		await expectStatus(await a.visitor.post(`${path}?/submit`, answers), 303);
		await remind(conn.db, dueAt + DAY + MINUTE);
		await remind(conn.db, dueAt + DAY + 30 * MINUTE);
		expect(kinds(b.id).filter((k) => k === 'checkin_reminder')).toHaveLength(1);
		expect(kinds(a.id)).not.toContain('checkin_reminder');

		// B answered last week with a high rating (set straight into the database: the schedule is
		// new), and now answers with a much lower one: the counselor is told, nobody else.
		const at = new Date(dueAt - 7 * DAY + MINUTE);
		await conn.db.insert(checkinAnswers).values({
			scheduleId: schedule!.id,
			day: lastWeek,
			userId: b.id,
			answers: { trust: 9, safe: 7, hope: 7, kept: 'Mostly' },
			updatedAt: at,
			submittedAt: at
		});
		expect(kinds(c!.id)).not.toContain('checkin_drop');
		await expectStatus(await b.visitor.post(`${path}?/submit`, { ...answers, trust: '2' }), 303);
		expect(noted(c!.id)).toContainEqual({
			kind: 'checkin_drop',
			path: `/spaces/${spaceId}/checkins`
		});
		for (const p of [a, b]) expect(kinds(p.id)).not.toContain('checkin_drop');
	});
});

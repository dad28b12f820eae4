import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/suite';
import { nextEvent } from '../helpers/sockets';
import { couple, person, readDb, type Person } from '../helpers/spaces';
import { clientId } from '../helpers/notes';
import { Visitor } from '../helpers/http';
import { openReady } from '../../src/lib/server/db/connection';
import { caseload } from '../../src/lib/server/caseload';

const { app, socketFor: socketOf } = useApp();
const socketFor = (p: Person) => socketOf(p.visitor);

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

async function assign(c: Person, spaceId: string, fields: Record<string, string> = {}) {
	const res = await c.visitor.post(`/spaces/${spaceId}/checkins?/assign`, {
		clientId: clientId(),
		templateId: 'weekly-trust',
		cadence: 'weekly',
		startDate: isoDay(Date.now() - 7 * DAY),
		time: '00:00',
		weekday: '',
		...fields
	});
	expect(res.status, await res.clone().text()).toBe(200);
	return readDb<{ id: string }>(
		app.dbPath,
		'select id from checkin_schedules where space_id = ? order by created_at desc',
		spaceId
	)[0]!.id;
}

const answers = (trust: string, helped: string, hard: string) => ({
	trust,
	safe: '5',
	hope: '6',
	kept: 'Partly',
	helped,
	hard
});
const send = (
	p: Person,
	spaceId: string,
	scheduleId: string,
	day: string,
	fields: Record<string, string>
) => p.visitor.post(`/spaces/${spaceId}/checkins/${scheduleId}/${day}?/submit`, fields);
const page = async (p: Person, spaceId: string) =>
	(await p.visitor.get(`/spaces/${spaceId}/checkins`)).text();

describe('check-ins', () => {
	it('fall due for the partners, keep counselor-only answers from the partner, and reveal the rest once both answered', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const marker = `ck-${process.pid}-${Date.now().toString(36)}`;
		expect(
			(
				await a.visitor.post(`/spaces/${spaceId}/checkins?/assign`, {
					clientId: clientId(),
					templateId: 'weekly-trust',
					cadence: 'once',
					startDate: isoDay(Date.now()),
					time: '00:00'
				})
			).status
		).toBe(403);
		const scheduleId = await assign(c!, spaceId);
		const today = isoDay(Date.now());
		const home = await (await a.visitor.get(`/spaces/${spaceId}`)).text();
		expect(home).toContain('A check-in is waiting for you: Weekly trust check-in');
		expect(await (await a.visitor.get('/home')).text()).toContain('A check-in is waiting for you');

		const incomplete = await send(a, spaceId, scheduleId, today, { trust: '11' });
		expect(incomplete.status).toBe(400);
		expect(await incomplete.text()).toContain('Please choose a number from 0 to 10.');

		const sb = await socketFor(b);
		const told = nextEvent(sb, 'space:changed');
		expect(
			(
				await send(
					a,
					spaceId,
					scheduleId,
					today,
					answers('7', `helped ${marker}`, `hard ${marker}`)
				)
			).status
		).toBe(303);
		await told;
		expect((await send(a, spaceId, scheduleId, today, answers('1', 'again', 'again'))).status).toBe(
			303
		); // harmless repeat
		expect(
			readDb(app.dbPath, 'select * from checkin_answers where user_id = ?', a.id)
		).toHaveLength(1);

		// Before B answers, B sees nothing of A's answers; the counselor sees them, counselor-only ones too.
		expect(await page(b, spaceId)).not.toContain(marker);
		const forC = await page(c!, spaceId);
		expect(forC).toContain(`helped ${marker}`);
		expect(forC).toContain(`hard ${marker}`);

		expect(
			(await send(b, spaceId, scheduleId, today, answers('4', 'a walk', 'the evenings'))).status
		).toBe(303);
		const forB = await page(b, spaceId);
		expect(forB).toContain(`helped ${marker}`); // revealed once both answered
		expect(forB).not.toContain(`hard ${marker}`); // counselor only, always
		for (const path of [
			'/checkins/__data.json',
			`/checkins/${scheduleId}/${today}`,
			`/checkins/${scheduleId}/${today}/__data.json`,
			'',
			'/__data.json'
		])
			expect(await (await b.visitor.get(`/spaces/${spaceId}${path}`)).text(), path).not.toContain(
				`hard ${marker}`
			);
		expect(await page(a, spaceId)).toContain('a walk');
		expect(await page(a, spaceId)).not.toContain('the evenings');

		// A second occurrence makes a trend: one line per partner.
		const lastWeek = isoDay(Date.now() - 7 * DAY);
		expect((await send(a, spaceId, scheduleId, lastWeek, answers('9', '', ''))).status).toBe(303);
		expect((await send(b, spaceId, scheduleId, lastWeek, answers('6', '', ''))).status).toBe(303);
		const trends = await page(c!, spaceId);
		expect(trends).toContain(
			'How much do I trust my partner this week?: answers from 0 to 10 over time'
		);
		expect(trends).toMatch(/<td>9<\/td><td>6<\/td>/);
		expect(trends).toMatch(/<td>7<\/td><td>4<\/td>/);
	});

	it('show nothing to another counselor, a removed counselor, an outsider or a visitor', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const scheduleId = await assign(c!, spaceId);
		const today = isoDay(Date.now());
		await send(a, spaceId, scheduleId, today, answers('7', 'secret-helped', 'secret-hard'));
		await send(b, spaceId, scheduleId, today, answers('5', 'x', 'y'));
		const stranger = await person(app.origin, app.dbPath, 'Stan', 'counselor');
		const outsider = await person(app.origin, app.dbPath, 'Olga');
		for (const p of [stranger, outsider]) {
			for (const path of ['/checkins', `/checkins/${scheduleId}/${today}`]) {
				const res = await p.visitor.get(`/spaces/${spaceId}${path}`);
				expect(res.status).toBe(404);
				expect(await res.text()).not.toContain('secret-h');
			}
			expect(
				(
					await p.visitor.post(`/spaces/${spaceId}/checkins?/assign`, {
						clientId: clientId(),
						templateId: 'weekly-trust',
						cadence: 'once',
						startDate: today,
						time: '09:00'
					})
				).status
			).toBe(404);
		}
		expect((await new Visitor(app.origin).get(`/spaces/${spaceId}/checkins`)).status).toBe(303);
		expect(
			(await a.visitor.post(`/spaces/${spaceId}/settings?/removeCounselor`, { counselorId: c!.id }))
				.status
		).toBe(200);
		expect((await c!.visitor.get(`/spaces/${spaceId}/checkins`)).status).toBe(404);
	});

	it('keep past answers when paused or changed, and are refused before they open', async () => {
		const { a, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const scheduleId = await assign(c!, spaceId);
		const today = isoDay(Date.now());
		expect((await send(a, spaceId, scheduleId, today, answers('7', '', ''))).status).toBe(303);
		const early = await send(
			a,
			spaceId,
			scheduleId,
			isoDay(Date.now() + 7 * DAY),
			answers('7', '', '')
		);
		expect(early.status).toBe(409);
		expect(await early.text()).toContain('This check-in is not open yet.');
		expect(
			(await c!.visitor.post(`/spaces/${spaceId}/checkins?/pause`, { scheduleId, paused: 'yes' }))
				.status
		).toBe(200);
		expect(
			(
				await c!.visitor.post(`/spaces/${spaceId}/checkins?/reschedule`, {
					scheduleId,
					cadence: 'biweekly',
					startDate: today,
					time: '20:15',
					weekday: ''
				})
			).status
		).toBe(200);
		expect(
			readDb(app.dbPath, 'select * from checkin_answers where schedule_id = ?', scheduleId)
		).toHaveLength(1);
		expect(await page(a, spaceId)).toContain('paused since');
		const bad = await c!.visitor.post(`/spaces/${spaceId}/checkins?/reschedule`, {
			scheduleId,
			cadence: 'daily',
			startDate: '2026-02-30',
			time: '25:00',
			weekday: ''
		});
		expect(bad.status).toBe(400);
		const text = await bad.text();
		expect(text).toContain('Please give a date like 2027-03-31.');
		expect(text).toContain('Please give a time like 18:30.');
	});
});

describe('check-ins that change while being answered', () => {
	it('can still be sent when begun before the counselor moved them, by whoever began them', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const scheduleId = await assign(c!, spaceId);
		const today = isoDay(Date.now());
		expect(
			(
				await a.visitor.post(`/spaces/${spaceId}/checkins/${scheduleId}/${today}?/saveDraft`, {
					trust: '6',
					helped: 'half written'
				})
			).status
		).toBe(200);
		// Moved to start next week: today is no longer one of its days.
		const moved = await c!.visitor.post(`/spaces/${spaceId}/checkins?/reschedule`, {
			scheduleId,
			cadence: 'weekly',
			startDate: isoDay(Date.now() + 7 * DAY),
			time: '00:00',
			weekday: ''
		});
		expect(moved.status).toBe(200);
		expect(
			(await send(a, spaceId, scheduleId, today, answers('6', 'half written, now whole', '')))
				.status
		).toBe(303);
		const notBegun = await send(b, spaceId, scheduleId, today, answers('5', '', ''));
		expect(notBegun.status).toBe(409);
	});

	it("pause from the day after today for the partner furthest ahead in time, so nobody's today is cut short", async () => {
		const { a, c, spaceId } = await couple(app.origin, app.dbPath, true);
		expect(
			(await a.visitor.post('/account?/setTimeZone', { timeZone: 'Pacific/Kiritimati' })).status
		).toBe(200);
		const scheduleId = await assign(c!, spaceId);
		expect(
			(await c!.visitor.post(`/spaces/${spaceId}/checkins?/pause`, { scheduleId, paused: 'yes' }))
				.status
		).toBe(200);
		const [row] = readDb<{ paused_from: string }>(
			app.dbPath,
			'select paused_from from checkin_schedules where id = ?',
			scheduleId
		);
		const aheadToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Kiritimati' }).format(
			Date.now()
		);
		expect(row!.paused_from).toBe(isoDay(Date.parse(`${aheadToday}T00:00:00Z`) + DAY));
	});
});

describe("a counselor's own notes", () => {
	it('are readable by that counselor only, by any path', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const marker = `cn-${process.pid}-${Date.now().toString(36)}`;
		const form = { clientId: clientId(), body: `Session went well ${marker}` };
		expect((await c!.visitor.post(`/spaces/${spaceId}/counselor-notes?/save`, form)).status).toBe(
			200
		);
		expect((await c!.visitor.post(`/spaces/${spaceId}/counselor-notes?/save`, form)).status).toBe(
			200
		);
		expect(
			readDb(app.dbPath, 'select * from counselor_notes where space_id = ?', spaceId)
		).toHaveLength(1);
		expect(await (await c!.visitor.get(`/spaces/${spaceId}/counselor-notes`)).text()).toContain(
			marker
		);
		const stranger = await person(app.origin, app.dbPath, 'Stella', 'counselor');
		for (const p of [a, b, stranger]) {
			for (const path of [
				'/counselor-notes',
				'/counselor-notes/__data.json',
				'',
				'/__data.json',
				'/checkins'
			]) {
				const res = await p.visitor.get(`/spaces/${spaceId}${path}`);
				expect(await res.text(), `${p.name} ${path}`).not.toContain(marker);
			}
			expect((await p.visitor.get(`/spaces/${spaceId}/counselor-notes`)).status).toBe(404);
			expect(
				(
					await p.visitor.post(`/spaces/${spaceId}/counselor-notes?/save`, {
						clientId: clientId(),
						body: 'x'
					})
				).status
			).toBe(404);
		}
		const [{ id }] = readDb<{ id: string }>(
			app.dbPath,
			'select id from counselor_notes where space_id = ?',
			spaceId
		) as [{ id: string }];
		expect(
			(
				await a.visitor.post(`/spaces/${spaceId}/counselor-notes?/delete`, {
					noteId: id,
					confirmed: 'yes'
				})
			).status
		).toBe(404);
		expect(readDb(app.dbPath, 'select * from counselor_notes where id = ?', id)).toHaveLength(1);
		expect(
			(
				await c!.visitor.post(`/spaces/${spaceId}/counselor-notes?/delete`, {
					noteId: id,
					confirmed: 'yes'
				})
			).status
		).toBe(200);
		expect(readDb(app.dbPath, 'select * from counselor_notes where id = ?', id)).toHaveLength(0);
	});
});

describe("the counselor's caseload", () => {
	it('lists each admitted couple with stage, activity, the next check-in and flags, and no content', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const scheduleId = await assign(c!, spaceId);
		const lastWeek = isoDay(Date.now() - 7 * DAY);
		const today = isoDay(Date.now());
		await send(a, spaceId, scheduleId, lastWeek, answers('9', 'private-helped', 'private-hard'));
		await send(a, spaceId, scheduleId, today, answers('4', '', ''));
		const started = await a.visitor.post(`/spaces/${spaceId}/conversations/new`, {
			clientId: clientId(),
			topic: 'A talk',
			format: 'free',
			when: 'now'
		});
		const conversationId = /conversations\/([a-z0-9]+)$/.exec(
			started.headers.get('location')!
		)![1]!;
		expect(
			(
				await b.visitor.post(`/spaces/${spaceId}/conversations/${conversationId}?/act`, {
					clientId: clientId(),
					type: 'timeout',
					minutes: '20'
				})
			).status
		).toBe(200);

		const home = await (await c!.visitor.get('/home')).text();
		expect(home).toMatch(/<td[^>]*>Process feelings<\/td>/);
		expect(home).toContain('Last activity');
		expect(home).toContain('Next check-in');
		expect(home).toContain('Alma: a sharp drop in “How much do I trust my partner this week?”');
		expect(home).toContain(
			`<a href="/spaces/${spaceId}/conversations/${conversationId}">Ben called a time-out in the last conversation</a>`
		);
		expect(home).not.toContain('private-h');
		const alongside = await page(c!, spaceId);
		expect(alongside).toContain('Stage: <a');
		expect(alongside).toMatch(/Conversations so far: <a[^>]*>1<\/a>/);
		// Partners have no caseload.
		expect(await (await a.visitor.get('/home')).text()).not.toContain('Worth a look');
	});

	it('flags a check-in that a partner missed twice, and not one missed once', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const scheduleId = await assign(c!, spaceId, { startDate: isoDay(Date.now()) });
		// Both answer today's; then the weeks go by (the caseload is worked out for a later moment).
		for (const p of [a, b])
			expect(
				(await send(p, spaceId, scheduleId, isoDay(Date.now()), answers('6', '', ''))).status
			).toBe(303);
		const conn = await openReady(app.database);
		try {
			const flagsIn = async (days: number) =>
				(await caseload(conn.db, c!.id, Date.now() + days * DAY))
					.find((s) => s.spaceId === spaceId)!
					.flags.map((f) => f.kind);
			expect(await flagsIn(0)).not.toContain('missed_twice');
			expect(await flagsIn(10)).not.toContain('missed_twice'); // next week's is overdue: missed once
			expect(await flagsIn(17)).toContain('missed_twice'); // and the week after's too
			// Only the counselor's caseload has flags: a partner has none to be worked out.
			expect(await caseload(conn.db, a.id, Date.now() + 17 * DAY)).toEqual([]);
		} finally {
			await conn.close();
		}
	});
});

describe("a counselor's own templates", () => {
	it('are written with per-question visibility, assigned, and answered under those rules', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		expect((await a.visitor.get('/checkins/templates')).status).toBe(404);
		const empty = await c!.visitor.post('/checkins/templates?/create', {
			clientId: clientId(),
			title: 'Nothing',
			'q1-text': ''
		});
		expect(empty.status).toBe(400);
		expect(await empty.text()).toContain('Please write at least one question.');
		const badChoice = await c!.visitor.post('/checkins/templates?/create', {
			clientId: clientId(),
			title: 'X',
			'q1-text': 'Pick',
			'q1-type': 'choice',
			'q1-options': 'Only one'
		});
		expect(await badChoice.text()).toContain('Please give between 2 and 8 answers, one per line.');
		const form = {
			clientId: clientId(),
			title: 'Evening check-in',
			'q1-text': 'How close did we feel?',
			'q1-type': 'scale',
			'q1-visibility': 'revealed',
			'q1-low': 'Far apart',
			'q1-high': 'Very close',
			'q2-text': 'Did you feel you could speak freely?',
			'q2-type': 'choice',
			'q2-visibility': 'counselor',
			'q2-options': 'Yes\nSomewhat\nNo'
		};
		expect((await c!.visitor.post('/checkins/templates?/create', form)).status).toBe(200);
		expect((await c!.visitor.post('/checkins/templates?/create', form)).status).toBe(200);
		const [{ id: templateId }] = readDb<{ id: string }>(
			app.dbPath,
			'select id from checkin_templates where counselor_id = ?',
			c!.id
		) as [{ id: string }];
		const scheduleId = await assign(c!, spaceId, {
			templateId,
			cadence: 'once',
			startDate: isoDay(Date.now())
		});
		const today = isoDay(Date.now());
		expect((await send(a, spaceId, scheduleId, today, { q1: '8', q2: 'Somewhat' })).status).toBe(
			303
		);
		expect((await send(b, spaceId, scheduleId, today, { q1: '3', q2: 'No' })).status).toBe(303);
		const forB = await page(b, spaceId);
		expect(forB).toMatch(/<td>8<\/td>/); // revealed once both answered
		expect(forB).not.toMatch(/<td>Somewhat<\/td>/); // counselor only (the options themselves are part of the question)
		expect(forB).toMatch(/<td>No<\/td>/); // B's own answer
		const forC = await page(c!, spaceId);
		expect(forC).toMatch(/<td>Somewhat<\/td>/);
		expect(forC).toContain('How close did we feel?: answers from 0 to 10 over time');
	});
});

describe('check-ins under odd input and changes', () => {
	it('refuse far-off dates and floods of fields, keep a pause where it began, and outlast a partner leaving', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const far = await c!.visitor.post(`/spaces/${spaceId}/checkins?/assign`, {
			clientId: clientId(),
			templateId: 'weekly-trust',
			cadence: 'weekly',
			startDate: '9999-12-31',
			time: '09:00',
			weekday: '3'
		});
		expect(far.status).toBe(400);
		expect(await far.text()).toContain('Please choose a day within two years of today.');
		expect((await a.visitor.get(`/spaces/${spaceId}`)).status).toBe(200);

		const scheduleId = await assign(c!, spaceId);
		const today = isoDay(Date.now());
		const flood: [string, string][] = Array.from({ length: 5_000 }, () => ['trust', '1']);
		const started = Date.now();
		const res = await a.visitor.post(
			`/spaces/${spaceId}/checkins/${scheduleId}/${today}?/saveDraft`,
			flood
		);
		expect(res.status).toBe(400);
		expect(await res.text()).toContain('That form had far more in it than expected.');
		expect(Date.now() - started).toBeLessThan(5_000);

		// Pausing twice keeps the first pause; it starts tomorrow, so today's check-in stays open.
		expect(
			(await c!.visitor.post(`/spaces/${spaceId}/checkins?/pause`, { scheduleId, paused: 'yes' }))
				.status
		).toBe(200);
		const first = readDb<{ paused_from: string }>(
			app.dbPath,
			'select paused_from from checkin_schedules where id = ?',
			scheduleId
		)[0]!.paused_from;
		expect(first).toBe(isoDay(Date.now() + DAY));
		expect(
			(await c!.visitor.post(`/spaces/${spaceId}/checkins?/pause`, { scheduleId, paused: 'yes' }))
				.status
		).toBe(200);
		expect(
			readDb<{ paused_from: string }>(
				app.dbPath,
				'select paused_from from checkin_schedules where id = ?',
				scheduleId
			)[0]!.paused_from
		).toBe(first);
		expect(
			(await send(a, spaceId, scheduleId, today, answers('7', 'kept words', 'only for cleo')))
				.status
		).toBe(303);
		expect(
			(await send(b, spaceId, scheduleId, today, answers('5', 'his words', 'his hard'))).status
		).toBe(303);
		expect(
			(await c!.visitor.post(`/spaces/${spaceId}/checkins?/pause`, { scheduleId, paused: 'no' }))
				.status
		).toBe(200);
		expect(
			readDb<{ owed_from: number | null }>(
				app.dbPath,
				'select owed_from from checkin_schedules where id = ?',
				scheduleId
			)[0]!.owed_from
		).not.toBeNull();

		// A counselor admitted later does not see this older check-in, not even its questions.
		const late = await person(app.origin, app.dbPath, 'Lena', 'counselor');
		const invite = await a.visitor.post(`/spaces/${spaceId}/settings?/createInvite`, {
			role: 'counselor'
		});
		const token = /\/join\/([a-z0-9]{24})"/.exec(await invite.text())![1]!;
		expect((await late.visitor.post(`/join/${token}?/join`, {})).status).toBe(303);
		for (const p of [a, b])
			await p.visitor.post(`/spaces/${spaceId}/settings?/approveCounselor`, {
				counselorId: late.id
			});
		expect((await late.visitor.get(`/spaces/${spaceId}/checkins`)).status).toBe(200);
		expect(await page(late, spaceId)).not.toContain('his hard');
		expect(
			(await late.visitor.get(`/spaces/${spaceId}/checkins/${scheduleId}/${today}`)).status
		).toBe(404);

		// A partner leaves: each keeps their own answers, the revealed ones stay with the other, and the counselor keeps both.
		expect((await b.visitor.post(`/spaces/${spaceId}/leave`, {})).status).toBe(303);
		const forA = await page(a, spaceId);
		expect(forA).toContain('his words');
		expect(forA).not.toContain('his hard');
		const forB = await page(b, spaceId);
		expect(forB).toContain('his hard');
		expect(forB).not.toContain('kept words');
		expect(await page(c!, spaceId)).toContain('his hard');
	});
});

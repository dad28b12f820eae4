import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/suite';
import { couple, inviteFrom, join, person, readDb, type Person } from '../helpers/spaces';
import { clientId, share, writeNote } from '../helpers/notes';
import { expectStatus, Visitor } from '../helpers/http';
import { openReady } from '../../src/lib/server/db/connection';
import { caseload } from '../../src/lib/server/caseload';

const { app } = useApp();

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const TRUST = 'How much do I trust my partner this week?';

async function assign(c: Person, spaceId: string, fields: Record<string, string> = {}) {
	await expectStatus(
		await c.visitor.post(`/spaces/${spaceId}/checkins?/assign`, {
			clientId: clientId(),
			templateId: 'weekly-trust',
			cadence: 'weekly',
			startDate: isoDay(Date.now() - 7 * DAY),
			time: '00:00',
			weekday: '',
			...fields
		}),
		200
	);
	return readDb<{ id: string }>(
		app.dbPath,
		'select id from checkin_schedules where space_id = ? order by created_at desc',
		spaceId
	)[0]!.id;
}

const send = async (p: Person, spaceId: string, scheduleId: string, day: string, trust: string) =>
	expectStatus(
		await p.visitor.post(`/spaces/${spaceId}/checkins/${scheduleId}/${day}?/submit`, {
			trust,
			safe: '5',
			hope: '6',
			kept: 'Partly',
			helped: '',
			hard: ''
		}),
		303
	);

/** A page as the server sent it, its runs of white space made one (as a reader sees them). */
const html = async (p: Person | Visitor, path: string) =>
	(await (await ('visitor' in p ? p.visitor : p).get(path)).text()).replace(/\s+/g, ' ');

/** Another couple's space with the same counselor admitted, named `name`. */
async function secondCouple(c: Person, name: string) {
	const other = await couple(app.origin, app.dbPath, false, {
		names: { a: `${name}A`, b: `${name}B`, c: 'unused' }
	});
	const res = await other.a.visitor.post(`/spaces/${other.spaceId}/settings?/createInvite`, {
		role: 'counselor'
	});
	await expectStatus(await join(c, inviteFrom(await res.text()).token), 303);
	for (const p of [other.a, other.b])
		await expectStatus(
			await p.visitor.post(`/spaces/${other.spaceId}/settings?/approveCounselor`, {
				counselorId: c.id
			}),
			200
		);
	return other;
}

describe("the counselor's caseload", () => {
	it('sorts by any column from links in its headings, and counts unread shared items and overdue check-ins', async () => {
		const first = await couple(app.origin, app.dbPath, true, {
			names: { a: 'Alma', b: 'Ben', c: 'Cleo' }
		});
		const c = first.c!;
		const second = await secondCouple(c, 'Zed');
		// Two things shared with the counselor in the second space, none in the first.
		for (const body of ['One thing', 'Another thing'])
			await share(
				second.a,
				second.spaceId,
				await writeNote(second.a, second.spaceId, { body }),
				'counselor'
			);

		const rowsIn = (page: string) =>
			[...page.matchAll(/<a class="space-name[^"]*" href="\/spaces\/([^"]+)"/g)].map((m) => m[1]);
		const byUnread = await html(c, '/home?sort=unread&dir=desc');
		expect(rowsIn(byUnread)).toEqual([second.spaceId, first.spaceId]);
		expect(byUnread).toMatch(
			/aria-sort="descending"[^>]*>\s*<a href="\?sort=unread&(amp;)?dir=asc"/
		);
		expect(byUnread.match(/aria-sort=/g)).toHaveLength(1);
		expect(byUnread).toMatch(
			new RegExp(
				`href="/spaces/${second.spaceId}/shared"[^>]*>2 <span class="visually-hidden">unread shared items`
			)
		);
		expect(rowsIn(await html(c, '/home?sort=unread&dir=asc'))).toEqual([
			first.spaceId,
			second.spaceId
		]);
		// Any other order asked for falls back to the usual one, never an error.
		const odd = await c.visitor.get('/home?sort=%3Cscript%3E&dir=sideways');
		expect(odd.status).toBe(200);
		expect(await odd.text()).toMatch(
			/aria-sort="descending"[^>]*>\s*<a href="\?sort=flags&(amp;)?dir=asc"/
		);

		// Overdue check-ins are counted per partner and per check-in, as the weeks go by.
		const scheduleId = await assign(c, first.spaceId, { startDate: isoDay(Date.now()) });
		await send(first.a, first.spaceId, scheduleId, isoDay(Date.now()), '6');
		const conn = await openReady(app.database);
		try {
			const rowIn = async (days: number) =>
				(await caseload(conn.db, c.id, Date.now() + days * DAY)).find(
					(r) => r.spaceId === first.spaceId
				)!;
			expect((await rowIn(3)).overdue).toBe(1); // Ben never sent today's
			expect((await rowIn(10)).overdue).toBe(3); // and next week's is overdue for both
			expect((await rowIn(10)).flags.map((f) => f.kind)).toContain('missed_twice');
			expect((await rowIn(0)).unread).toBe(0);
		} finally {
			await conn.close();
		}
	});

	it('names who and which question in a flag, links to that check-in, and shows flags to that counselor only', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true, {
			names: { a: 'Alma', b: 'Ben', c: 'Cleo' }
		});
		const scheduleId = await assign(c!, spaceId);
		const lastWeek = isoDay(Date.now() - 7 * DAY);
		const today = isoDay(Date.now());
		await send(b, spaceId, scheduleId, lastWeek, '9');
		await send(b, spaceId, scheduleId, today, '3');

		const flag = `Ben: a sharp drop in “${TRUST}”`;
		const home = await html(c!, '/home');
		const link = `/spaces/${spaceId}/checkins?week=${scheduleId}.${today}#week-${scheduleId}-${today}`;
		expect(home).toContain(`<a href="${link.replaceAll('&', '&amp;')}">${flag}</a>`);
		expect(home).not.toContain('A sharp drop in a rating');
		// The link opens that week's check-in.
		const week = await html(c!, link.split('#')[0]!);
		expect(week).toMatch(
			new RegExp(`<article class="card latest[^"]*" id="week-${scheduleId}-${today}"`)
		);
		// An earlier week is folded away, unless a link opens it.
		const earlierWeek = (page: string) =>
			new RegExp(`<details id="week-${scheduleId}-${lastWeek}"[^>]*>`).exec(page)?.[0] ?? '';
		expect(earlierWeek(week)).toMatch(/^<details /);
		expect(earlierWeek(week)).not.toMatch(/ open[ =>]/);
		const opened = await html(c!, `/spaces/${spaceId}/checkins?week=${scheduleId}.${lastWeek}`);
		expect(earlierWeek(opened)).toMatch(/ open[ =>]/);

		// Nobody else sees it: the partners, a counselor not admitted here, anyone logged out.
		const stranger = await person(app.origin, app.dbPath, 'Stella', 'counselor');
		const elsewhere = await person(app.origin, app.dbPath, 'Elio', 'counselor');
		await secondCouple(elsewhere, 'Other');
		for (const who of [a, b, stranger, elsewhere])
			for (const path of ['/home', '/home/__data.json', '/home?sort=flags&dir=desc']) {
				const text = await html(who, path);
				expect(text, `${who.name} ${path}`).not.toContain('sharp drop');
				expect(text, `${who.name} ${path}`).not.toContain(TRUST);
			}
		const loggedOut = await new Visitor(app.origin).get('/home');
		expect(loggedOut.status).toBe(303);
		expect(await loggedOut.text()).not.toContain('sharp drop');
	});
});

describe('the check-ins page', () => {
	it('says who answered and what was left blank, only of answers each person may see', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true, {
			names: { a: 'Alma', b: 'Ben', c: 'Cleo' }
		});
		const scheduleId = await assign(c!, spaceId);
		const today = isoDay(Date.now());
		const fields = (hard: string) => ({
			trust: '5',
			safe: '5',
			hope: '5',
			kept: 'Mostly',
			helped: 'A walk',
			hard
		});
		const url = `/spaces/${spaceId}/checkins/${scheduleId}/${today}?/submit`;
		await expectStatus(await a.visitor.post(url, fields('')), 303);
		const waiting = await html(c!, `/spaces/${spaceId}/checkins`);
		expect(waiting).toContain('Answered: Alma');
		expect(waiting).toContain('Ben has not answered yet');
		await expectStatus(await b.visitor.post(url, fields('The evenings')), 303);
		// "What was hard" is for the counselor only: whether Alma answered it is hers and Cleo's.
		const blankForA = 'Left blank: “What was hard this week?” (You)';
		const blankForC = 'Left blank: “What was hard this week?” (Alma)';
		expect(await html(c!, `/spaces/${spaceId}/checkins`)).toContain(blankForC);
		expect(await html(a, `/spaces/${spaceId}/checkins`)).toContain(blankForA);
		const forB = await html(b, `/spaces/${spaceId}/checkins`);
		expect(forB).toContain('Answered: Alma and You');
		expect(forB).not.toContain('Left blank');
	});
});

describe("a counselor's templates", () => {
	const form = (title: string, question: string) => ({
		clientId: clientId(),
		title,
		'q1-text': question,
		'q1-type': 'scale',
		'q1-visibility': 'revealed',
		'q1-low': 'Far apart',
		'q1-high': 'Very close'
	});
	const templatesOf = (c: Person) =>
		readDb<{ id: string; title: string; archived_at: number | null }>(
			app.dbPath,
			'select id, title, archived_at from checkin_templates where counselor_id = ? order by created_at, id',
			c.id
		);

	it('are changed without touching check-ins already assigned or their answers, and only by their author', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		await expectStatus(
			await c!.visitor.post(
				'/checkins/templates?/create',
				form('Evening', 'How close did we feel?')
			),
			200
		);
		const { id } = templatesOf(c!)[0]!;
		const scheduleId = await assign(c!, spaceId, {
			templateId: id,
			cadence: 'once',
			startDate: isoDay(Date.now())
		});
		await expectStatus(
			await a.visitor.post(
				`/spaces/${spaceId}/checkins/${scheduleId}/${isoDay(Date.now())}?/submit`,
				{
					q1: '8'
				}
			),
			303
		);

		const edit = await html(c!, `/checkins/templates/${id}`);
		expect(edit).toContain('value="How close did we feel?"');
		const saved = await c!.visitor.post(
			`/checkins/templates/${id}?/save`,
			form('Evening, revised', 'How connected did we feel?')
		);
		expect(saved.status).toBe(303);
		expect(saved.headers.get('location')).toBe(`/checkins/templates?saved=${id}`);
		expect(await html(c!, saved.headers.get('location')!)).toContain(
			'Saved your changes to "Evening, revised".'
		);
		// The check-in assigned before keeps its questions, beside the answer given to them.
		const page = await html(c!, `/spaces/${spaceId}/checkins`);
		expect(page).toContain('How close did we feel?');
		expect(page).not.toContain('How connected did we feel?');
		expect(page).toMatch(/<td>8<\/td>/);
		const bad = await c!.visitor.post(`/checkins/templates/${id}?/save`, form('', ''));
		expect(bad.status).toBe(400);
		expect(await bad.text()).toContain('Please give the template a title.');

		const other = await person(app.origin, app.dbPath, 'Olga', 'counselor');
		for (const who of [other, a, b]) {
			expect((await who.visitor.get(`/checkins/templates/${id}`)).status, who.name).toBe(404);
			expect(
				(await who.visitor.post(`/checkins/templates/${id}?/save`, form('Taken', 'Taken?'))).status
			).toBe(404);
			for (const action of ['duplicate', 'archive'])
				expect(
					(
						await who.visitor.post(`/checkins/templates?/${action}`, {
							templateId: id,
							clientId: clientId(),
							archived: 'yes'
						})
					).status,
					`${who.name} ${action}`
				).toBe(404);
		}
		expect((await new Visitor(app.origin).get(`/checkins/templates/${id}`)).status).toBe(303);
		expect(templatesOf(c!).map((t) => [t.title, t.archived_at])).toEqual([
			['Evening, revised', null]
		]);
	});

	it('are duplicated once however often asked, archived out of new check-ins while old ones carry on, and restored', async () => {
		const { a, c, spaceId } = await couple(app.origin, app.dbPath, true);
		await expectStatus(
			await c!.visitor.post('/checkins/templates?/create', form('Morning', 'How rested am I?')),
			200
		);
		const { id } = templatesOf(c!)[0]!;
		const twice = clientId();
		for (let i = 0; i < 2; i++) {
			const copy = await c!.visitor.post('/checkins/templates?/duplicate', {
				templateId: id,
				clientId: twice
			});
			expect(copy.status).toBe(303);
			expect(copy.headers.get('location')).toMatch(/^\/checkins\/templates\/[a-z0-9]+\?copied=1$/);
		}
		await expectStatus(
			await c!.visitor.post('/checkins/templates?/duplicate', {
				templateId: 'weekly-trust',
				clientId: twice
			}),
			303
		);
		expect(templatesOf(c!).map((t) => t.title)).toEqual([
			'Morning',
			'Copy of Morning',
			'Copy of Weekly trust check-in'
		]);

		const scheduleId = await assign(c!, spaceId, {
			templateId: id,
			cadence: 'weekly',
			startDate: isoDay(Date.now())
		});
		for (let i = 0; i < 2; i++)
			await expectStatus(
				await c!.visitor.post('/checkins/templates?/archive', { templateId: id, archived: 'yes' }),
				200
			);
		expect(templatesOf(c!)[0]!.archived_at).not.toBeNull();
		const assigning = await html(c!, `/spaces/${spaceId}/checkins`);
		expect(assigning).not.toMatch(new RegExp(`<option value="${id}"`));
		const refused = await c!.visitor.post(`/spaces/${spaceId}/checkins?/assign`, {
			clientId: clientId(),
			templateId: id,
			cadence: 'once',
			startDate: isoDay(Date.now()),
			time: '00:00'
		});
		expect(refused.status).toBe(400);
		expect(await refused.text()).toContain('Please choose one of your templates.');
		// The check-in already assigned from it still asks, and takes answers.
		await expectStatus(
			await a.visitor.post(
				`/spaces/${spaceId}/checkins/${scheduleId}/${isoDay(Date.now())}?/submit`,
				{
					q1: '4'
				}
			),
			303
		);
		const list = await html(c!, '/checkins/templates');
		expect(list).toContain('Archived templates (1)');

		await expectStatus(
			await c!.visitor.post('/checkins/templates?/archive', { templateId: id, archived: 'no' }),
			200
		);
		expect(templatesOf(c!)[0]!.archived_at).toBeNull();
		expect(await html(c!, `/spaces/${spaceId}/checkins`)).toMatch(
			new RegExp(`<option value="${id}"`)
		);
	});
});

describe("a counselor's notes, changed", () => {
	it('can be changed by their author only, and deleting one asks first', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		await expectStatus(
			await c!.visitor.post(`/spaces/${spaceId}/counselor-notes?/save`, {
				clientId: clientId(),
				body: 'First thoughts'
			}),
			200
		);
		const [{ id }] = readDb<{ id: string }>(
			app.dbPath,
			'select id from counselor_notes where space_id = ?',
			spaceId
		) as [{ id: string }];
		const bodyOf = () =>
			readDb<{ body: string }>(app.dbPath, 'select body from counselor_notes where id = ?', id)[0]
				?.body;

		const editing = await html(c!, `/spaces/${spaceId}/counselor-notes?edit=${id}`);
		expect(editing).toMatch(/<textarea[^>]*name="body"[^>]*>First thoughts<\/textarea>/);
		const edited = await c!.visitor.post(`/spaces/${spaceId}/counselor-notes?/edit`, {
			noteId: id,
			body: 'Second thoughts'
		});
		expect(edited.status).toBe(200);
		expect(await edited.text()).toContain('Changes saved.');
		expect(bodyOf()).toBe('Second thoughts');
		const empty = await c!.visitor.post(`/spaces/${spaceId}/counselor-notes?/edit`, {
			noteId: id,
			body: '  '
		});
		expect(empty.status).toBe(400);
		expect(await empty.text()).toContain('Please write something before saving.');

		// A second counselor of the same couple, the partners, a stranger, anyone logged out.
		const second = await person(app.origin, app.dbPath, 'Sol', 'counselor');
		const res = await a.visitor.post(`/spaces/${spaceId}/settings?/createInvite`, {
			role: 'counselor'
		});
		await expectStatus(await join(second, inviteFrom(await res.text()).token), 303);
		for (const p of [a, b])
			await expectStatus(
				await p.visitor.post(`/spaces/${spaceId}/settings?/approveCounselor`, {
					counselorId: second.id
				}),
				200
			);
		const stranger = await person(app.origin, app.dbPath, 'Stan', 'counselor');
		for (const who of [second, a, b, stranger, new Visitor(app.origin)]) {
			const visitor = who instanceof Visitor ? who : who.visitor;
			const tried = await visitor.post(`/spaces/${spaceId}/counselor-notes?/edit`, {
				noteId: id,
				body: 'Taken over'
			});
			expect([303, 401, 404]).toContain(tried.status);
			expect(await tried.text()).not.toContain('Second thoughts');
		}
		expect(bodyOf()).toBe('Second thoughts');

		const asked = await c!.visitor.post(`/spaces/${spaceId}/counselor-notes?/delete`, {
			noteId: id
		});
		expect(asked.status).toBe(200);
		const question = await asked.text();
		expect(question).toContain('Delete this note?');
		expect(question).toContain('Yes, delete it');
		expect(bodyOf()).toBe('Second thoughts');
		await expectStatus(
			await c!.visitor.post(`/spaces/${spaceId}/counselor-notes?/delete`, {
				noteId: id,
				confirmed: 'yes'
			}),
			200
		);
		expect(bodyOf()).toBeUndefined();
	});
});

describe('a counselor asking to join', () => {
	async function asking(names = { a: 'Alma', b: 'Ben', c: 'Cleo' }) {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath, false, { names });
		const c = await person(app.origin, app.dbPath, names.c, 'counselor');
		const res = await a.visitor.post(`/spaces/${spaceId}/settings?/createInvite`, {
			role: 'counselor'
		});
		await expectStatus(await join(c, inviteFrom(await res.text()).token), 303);
		return { a, b, c, spaceId };
	}
	const notices = (userId: string) =>
		readDb<{ kind: string; path: string }>(
			app.dbPath,
			"select kind, path from notifications where user_id = ? and kind like 'counselor_%' and kind <> 'counselor_asking' order by created_at",
			userId
		);

	it('sees how many partners have approved so far', async () => {
		const { a, b, c, spaceId } = await asking();
		expect(await html(c, '/home')).toContain('0 of 2 approved');
		await expectStatus(
			await a.visitor.post(`/spaces/${spaceId}/settings?/approveCounselor`, { counselorId: c.id }),
			200
		);
		const home = await html(c, '/home');
		expect(home).toContain('Waiting for both partners to approve you: 1 of 2 approved');
		expect(home).not.toContain('Alma'); // how many, never who
		const space = await html(c, `/spaces/${spaceId}`);
		expect(space).toContain('1 of 2 approved so far');
		expect(space).not.toContain('Alma');
		await expectStatus(
			await b.visitor.post(`/spaces/${spaceId}/settings?/approveCounselor`, { counselorId: c.id }),
			200
		);
		expect(await html(c, '/home')).not.toContain('of 2 approved');
	});

	it('is told kindly when declined, and so is the partner who had approved; each puts the notice away', async () => {
		const { a, b, c, spaceId } = await asking();
		await expectStatus(
			await a.visitor.post(`/spaces/${spaceId}/settings?/approveCounselor`, { counselorId: c.id }),
			200
		);
		await expectStatus(
			await b.visitor.post(`/spaces/${spaceId}/settings?/declineCounselor`, { counselorId: c.id }),
			200
		);
		const forC = await html(c, '/home');
		expect(forC).toContain(
			'The couple in “Our space” have decided not to bring a counselor into their space for now'
		);
		expect(forC).not.toContain('Ben');
		const forA = await html(a, '/home');
		expect(forA).toContain('Your partner has decided not to bring Cleo into “Our space” for now');
		const forB = await html(b, '/home');
		expect(forB).not.toContain('decided not to bring');
		// And as each asked to be told of counselors: by mail or on a device, with no names.
		expect(notices(c.id)).toEqual([{ kind: 'counselor_declined', path: '/home' }]);
		expect(notices(a.id)).toEqual([{ kind: 'counselor_not_joining', path: '/home' }]);
		expect(notices(b.id)).toEqual([]);

		const [{ id: requestId }] = readDb<{ id: string }>(
			app.dbPath,
			'select id from memberships where space_id = ? and user_id = ?',
			spaceId,
			c.id
		) as [{ id: string }];
		// Nobody can put away someone else's notice.
		for (const kind of ['request', 'approval'])
			await expectStatus(
				await b.visitor.post('/home?/dismissNotice', { kind, id: requestId }),
				200
			);
		expect(await html(c, '/home')).toContain('decided not to bring a counselor');
		expect(await html(a, '/home')).toContain('decided not to bring Cleo');
		for (const [who, kind] of [
			[c, 'request'],
			[a, 'approval']
		] as const) {
			for (let i = 0; i < 2; i++)
				await expectStatus(
					await who.visitor.post('/home?/dismissNotice', { kind, id: requestId }),
					200
				);
			expect(await html(who, '/home')).not.toContain('decided not to bring');
		}
	});
});

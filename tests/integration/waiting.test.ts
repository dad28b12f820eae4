import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/suite';
import { nextEvent } from '../helpers/sockets';
import { expectStatus, Visitor } from '../helpers/http';
import {
	couple,
	createSpace,
	inviteFrom,
	join,
	person,
	readDb,
	type Person
} from '../helpers/spaces';
import {
	agreementStep,
	clientId,
	propose,
	share,
	sharedItemIds,
	writeNote
} from '../helpers/notes';
import { stageStep } from '../helpers/journey';
import { openReady } from '../../src/lib/server/db/connection';
import { waitingFor } from '../../src/lib/server/waiting';

const { app, socketFor } = useApp();

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface Shown {
	text: string;
	href: string;
}

/** The "Waiting for you" list of the one space on a home page, as the server sent it. */
function waitingOn(html: string): Shown[] {
	const list = /<ul[^>]*aria-label="Waiting for you"[^>]*>([\s\S]*?)<\/ul>/.exec(html);
	if (!list) return [];
	return [...list[1]!.matchAll(/<a href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => ({
		href: m[1]!,
		text: m[2]!
			.replace(/<!--[\s\S]*?-->/g, '')
			.replace(/<[^>]+>/g, '')
			.replace(/\s+/g, ' ')
			.trim()
	}));
}

const homeOf = async (p: Person) => (await expectStatus(await p.visitor.get('/home'), 200)).text();
const shownTo = async (p: Person) => waitingOn(await homeOf(p));
const texts = async (p: Person) => (await shownTo(p)).map((s) => s.text);

/** The shown entry that starts with `words`, or undefined. */
const entry = async (p: Person, words: string) =>
	(await shownTo(p)).find((s) => s.text.startsWith(words));

const SHARED_ONE = 'Something was shared with you that you have not opened yet';
const AGREEMENT = 'An agreement needs your answer';
const CHECKIN = 'A check-in is waiting for you';
const LIVE = 'A conversation is going on now';
const PLANNED = 'A conversation is planned for';
const COUNSELOR = 'A counselor is asking to join';
const READY = 'Your partner is ready to move on, whenever you are';

async function startConversation(p: Person, spaceId: string, fields: Record<string, string> = {}) {
	const res = await expectStatus(
		await p.visitor.post(`/spaces/${spaceId}/conversations/new`, {
			clientId: clientId(),
			topic: 'How our week went',
			format: 'free',
			when: 'now',
			...fields
		}),
		303
	);
	return /conversations\/([a-z0-9]+)$/.exec(res.headers.get('location')!)![1]!;
}

describe('things shared with you', () => {
	it('wait for the person they were shared with until they open them, never for the sharer, and reach a counselor only when shared with counselors', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const marker = `wt-${process.pid}-${Date.now().toString(36)}`;
		const forPartner = await writeNote(a, spaceId, { body: `For Ben ${marker}` });
		await share(a, spaceId, forPartner, 'partner');

		expect(await entry(b, SHARED_ONE)).toEqual({
			text: SHARED_ONE,
			href: `/spaces/${spaceId}/shared`
		});
		expect(await texts(a)).not.toContain(SHARED_ONE); // one's own share waits for nobody's self
		expect(await texts(c!)).toEqual([]); // shared with the partner only
		for (const p of [a, b, c!]) expect(await homeOf(p)).not.toContain(marker);

		const forBoth = await writeNote(a, spaceId, { body: `For both ${marker}` });
		await share(a, spaceId, forBoth, 'both');
		expect(await texts(b)).toContain('2 things were shared with you that you have not opened yet');
		expect(await texts(c!)).toEqual([SHARED_ONE]);

		// A withdrawn item no longer waits.
		const later = await writeNote(a, spaceId, { body: `Later ${marker}` });
		await share(a, spaceId, later, 'partner');
		expect(await texts(b)).toContain('3 things were shared with you that you have not opened yet');
		const [newest] = await sharedItemIds(a, spaceId);
		await expectStatus(
			await a.visitor.post(`/spaces/${spaceId}/shared?/withdraw`, { itemId: newest! }),
			200
		);
		expect(await texts(b)).toContain('2 things were shared with you that you have not opened yet');

		// Opening the page that shows them is enough; twice changes nothing.
		for (let i = 0; i < 2; i++)
			await expectStatus(await b.visitor.get(`/spaces/${spaceId}/shared`), 200);
		expect(await texts(b)).toEqual([]);
		expect(await homeOf(b)).toContain('Nothing waiting for you here.');
		expect(readDb(app.dbPath, 'select * from shared_reads where user_id = ?', b.id)).toHaveLength(
			2
		);
		// Opening is the reader's own business: the author still sees it unmarked.
		expect(await (await a.visitor.get(`/spaces/${spaceId}/shared`)).text()).not.toMatch(
			/Ben read it/
		);
		expect(await texts(c!)).toEqual([SHARED_ONE]);
		await expectStatus(await c!.visitor.get(`/spaces/${spaceId}/shared`), 200);
		expect(await texts(c!)).toEqual([]);
	});
});

describe('agreements to answer', () => {
	it('wait for the other partner only, until they answer; a proposed retirement too', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const id = await propose(a, spaceId, 'Sunday walk');
		expect(await entry(b, AGREEMENT)).toEqual({
			text: AGREEMENT,
			href: `/spaces/${spaceId}/agreements/${id}`
		});
		expect(await texts(a)).toEqual([]);
		expect(await texts(c!)).toEqual([]); // a counselor never answers agreements
		expect(await homeOf(b)).not.toContain('Sunday walk');

		const second = await propose(a, spaceId, 'Phone on the table');
		expect(await entry(b, '2 agreements need your answer')).toEqual({
			text: '2 agreements need your answer',
			href: `/spaces/${spaceId}/agreements`
		});
		await expectStatus(
			await agreementStep(b, spaceId, second, 'decline', { version: '1', note: 'Not yet' }),
			200
		);
		await expectStatus(await agreementStep(b, spaceId, id, 'accept', { version: '1' }), 200);
		expect(await texts(b)).toEqual([]);

		await expectStatus(await agreementStep(a, spaceId, id, 'requestRetire'), 200);
		expect(await texts(b)).toEqual([AGREEMENT]);
		expect(await texts(a)).toEqual([]);
		await expectStatus(await agreementStep(b, spaceId, id, 'acceptRetire'), 200);
		expect(await texts(b)).toEqual([]);
	});
});

describe('check-ins due', () => {
	it('wait for each partner until they answer, never for the counselor, and say when to look again', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const res = await c!.visitor.post(`/spaces/${spaceId}/checkins?/assign`, {
			clientId: clientId(),
			templateId: 'weekly-trust',
			cadence: 'weekly',
			startDate: isoDay(Date.now() - 7 * DAY),
			time: '00:00',
			weekday: ''
		});
		expect(res.status).toBe(200);
		const [{ id: scheduleId }] = readDb<{ id: string }>(
			app.dbPath,
			'select id from checkin_schedules where space_id = ?',
			spaceId
		) as [{ id: string }];
		for (const p of [a, b]) {
			const due = await entry(p, CHECKIN);
			expect(due?.href).toMatch(
				new RegExp(`^/spaces/${spaceId}/checkins/${scheduleId}/\\d{4}-\\d{2}-\\d{2}$`)
			);
		}
		expect(await texts(c!)).toEqual([]);

		const day = (await entry(a, CHECKIN))!.href.split('/').pop()!;
		await expectStatus(
			await a.visitor.post(`/spaces/${spaceId}/checkins/${scheduleId}/${day}?/submit`, {
				trust: '6',
				safe: '5',
				hope: '6',
				kept: 'Partly',
				helped: '',
				hard: ''
			}),
			303
		);
		expect(await texts(a)).toEqual([]);
		expect(await texts(b)).toEqual([CHECKIN]);

		// The next one is due in a week: the home page knows when to look again.
		const conn = await openReady(app.database);
		try {
			const now = Date.now();
			const mine = (await waitingFor(conn.db, a.id, [spaceId], now))[spaceId]!;
			expect(mine.items).toEqual([]);
			expect(mine.lookAgainAt).toBeGreaterThan(now);
			expect(mine.lookAgainAt).toBeLessThanOrEqual(now + 7 * DAY);
			// A week on, it waits again by itself.
			expect(
				(await waitingFor(conn.db, a.id, [spaceId], mine.lookAgainAt! + 1000))[spaceId]!.items.map(
					(i) => i.kind
				)
			).toEqual(['checkin']);
		} finally {
			await conn.close();
		}
	});
});

describe('conversations', () => {
	it('going on now wait for everyone who may take part, until they end; planned ones show their time', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const id = await startConversation(a, spaceId);
		for (const p of [a, b, c!])
			expect(await entry(p, LIVE)).toEqual({
				text: LIVE,
				href: `/spaces/${spaceId}/conversations/${id}`
			});
		expect(await homeOf(b)).not.toContain('How our week went');

		await expectStatus(
			await b.visitor.post(`/spaces/${spaceId}/conversations/${id}?/act`, {
				clientId: clientId(),
				type: 'end',
				confirmed: 'yes'
			}),
			200
		);
		for (const p of [a, b, c!]) expect(await texts(p)).toEqual([]);

		const at = new Date(Date.now() + 3 * DAY);
		const later = new Date(Date.now() + 5 * DAY);
		const planned = await startConversation(a, spaceId, {
			when: 'later',
			startsAtUtc: at.toISOString()
		});
		const html = await homeOf(b);
		expect(waitingOn(html)).toEqual([
			expect.objectContaining({ href: `/spaces/${spaceId}/conversations/${planned}` })
		]);
		expect(waitingOn(html)[0]!.text.startsWith(PLANNED)).toBe(true);
		expect(html).toContain(`datetime="${at.toISOString()}"`);
		expect((await entry(c!, PLANNED))?.href).toBe(`/spaces/${spaceId}/conversations/${planned}`);

		// Two planned: the list of conversations, and the time of the next.
		await startConversation(b, spaceId, { when: 'later', startsAtUtc: later.toISOString() });
		const two = await homeOf(a);
		expect(waitingOn(two)).toEqual([
			{
				text: expect.stringMatching(/^2 conversations are planned, the next for /),
				href: `/spaces/${spaceId}/conversations`
			}
		]);
		expect(two).toContain(`datetime="${at.toISOString()}"`);
	});

	it('shows a counselor only conversations that began after they were admitted', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		await startConversation(a, spaceId);
		const late = await person(app.origin, app.dbPath, 'Lale', 'counselor');
		const res = await a.visitor.post(`/spaces/${spaceId}/settings?/createInvite`, {
			role: 'counselor'
		});
		await expectStatus(await join(late, inviteFrom(await res.text()).token), 303);
		for (const p of [a, b])
			await expectStatus(
				await p.visitor.post(`/spaces/${spaceId}/settings?/approveCounselor`, {
					counselorId: late.id
				}),
				200
			);
		expect(await texts(b)).toEqual([LIVE]);
		expect(await texts(late)).toEqual([]);
	});
});

describe('a counselor asking to join', () => {
	it('waits for each partner until they have answered, and tells the counselor nothing', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const c = await person(app.origin, app.dbPath, 'Cleo', 'counselor');
		const res = await a.visitor.post(`/spaces/${spaceId}/settings?/createInvite`, {
			role: 'counselor'
		});
		await expectStatus(await join(c, inviteFrom(await res.text()).token), 303);

		for (const p of [a, b])
			expect(await entry(p, COUNSELOR)).toEqual({
				text: COUNSELOR,
				href: `/spaces/${spaceId}/settings`
			});
		const forC = await homeOf(c);
		expect(forC).toContain('Waiting for both partners to approve you');
		expect(waitingOn(forC)).toEqual([]);

		await expectStatus(
			await a.visitor.post(`/spaces/${spaceId}/settings?/approveCounselor`, { counselorId: c.id }),
			200
		);
		expect(await texts(a)).toEqual([]); // answered: it waits for the other partner only
		expect(await texts(b)).toEqual([COUNSELOR]);
		await expectStatus(
			await b.visitor.post(`/spaces/${spaceId}/settings?/approveCounselor`, { counselorId: c.id }),
			200
		);
		for (const p of [a, b, c]) expect(await texts(p)).toEqual([]);
	});
});

describe('the partner being ready', () => {
	it('waits for the other partner until the stage moves on, and goes if the partner takes it back', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		await expectStatus(await stageStep(a, spaceId, 1, 'ready'), 200);
		expect(await entry(b, READY)).toEqual({ text: READY, href: `/spaces/${spaceId}/stages/1` });
		expect(await texts(a)).toEqual([]);
		expect(await texts(c!)).toEqual([]);

		await expectStatus(await stageStep(a, spaceId, 1, 'unready'), 200);
		expect(await texts(b)).toEqual([]);

		await expectStatus(await stageStep(a, spaceId, 1, 'ready'), 200);
		await expectStatus(await stageStep(b, spaceId, 1, 'ready'), 303);
		for (const p of [a, b, c!]) expect(await texts(p)).toEqual([]);
		expect(await homeOf(a)).toContain('Stage: Open communication');
	});
});

describe('who sees what waits', () => {
	it('shows nothing of a space to a stranger, sends a visitor to log in, and stops when the space closes', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		await propose(a, spaceId, 'Evening call');
		await startConversation(a, spaceId);
		await expectStatus(await stageStep(a, spaceId, 1, 'ready'), 200);
		expect(await texts(b)).toEqual([LIVE, AGREEMENT, READY]);

		const stranger = await person(app.origin, app.dbPath, 'Sam');
		const own = await createSpace(stranger);
		const forStranger = await homeOf(stranger);
		expect(forStranger).not.toContain(spaceId);
		expect(waitingOn(forStranger)).toEqual([]); // their own space, alone: nothing waits

		const visitor = await new Visitor(app.origin).get('/home');
		expect(visitor.status).toBe(303);
		expect(visitor.headers.get('location')).toBe('/login?redirectTo=%2Fhome');

		const conn = await openReady(app.database);
		try {
			// Asked directly about spaces that are not theirs, the service has nothing to say.
			expect(await waitingFor(conn.db, stranger.id, [spaceId, 'no-such-space'])).toEqual({
				[spaceId]: { items: [], lookAgainAt: null },
				'no-such-space': { items: [], lookAgainAt: null }
			});
			expect((await waitingFor(conn.db, b.id, [own.spaceId]))[own.spaceId]!.items).toEqual([]);
			expect(
				(await waitingFor(conn.db, b.id, [spaceId]))[spaceId]!.items.map((i) => i.kind)
			).toEqual(['conversation_live', 'agreement', 'partner_ready']);
		} finally {
			await conn.close();
		}

		// A closed space asks nothing of anyone.
		await expectStatus(await a.visitor.post(`/spaces/${spaceId}/leave`, {}), 303);
		expect(await texts(b)).toEqual([]);
	});
});

describe('live', () => {
	it("tells the person's open pages when something starts or stops waiting", async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const home = await socketFor(b.visitor);
		const phone = await socketFor(b.visitor);

		let told = nextEvent(home, 'space:changed');
		const note = await writeNote(a, spaceId, { body: 'For you' });
		await share(a, spaceId, note, 'partner');
		expect(await told).toEqual({ spaceId });

		told = nextEvent(home, 'space:changed');
		await propose(a, spaceId, 'Evening call');
		expect(await told).toEqual({ spaceId });

		told = nextEvent(home, 'space:changed');
		await expectStatus(await stageStep(a, spaceId, 1, 'ready'), 200);
		expect(await told).toEqual({ spaceId });

		told = nextEvent(home, 'space:changed');
		await startConversation(a, spaceId);
		expect(await told).toEqual({ spaceId });

		// A counselor asking to join is not in the space yet; the partners still hear of it.
		const c = await person(app.origin, app.dbPath, 'Cleo', 'counselor');
		const invite = await a.visitor.post(`/spaces/${spaceId}/settings?/createInvite`, {
			role: 'counselor'
		});
		told = nextEvent(home, 'space:changed');
		await expectStatus(await join(c, inviteFrom(await invite.text()).token), 303);
		expect(await told).toEqual({ spaceId });

		// Opening what was shared on one device takes it off "Waiting for you" on the others.
		told = nextEvent(phone, 'space:changed');
		await expectStatus(await b.visitor.get(`/spaces/${spaceId}/shared`), 200);
		expect(await told).toEqual({ spaceId });
		expect(await texts(b)).toEqual([LIVE, AGREEMENT, COUNSELOR, READY]);
	});
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startApp, type RunningApp } from '../helpers/app';
import { Visitor } from '../helpers/http';
import { connected, openSocket } from '../helpers/sockets';
import { couple, createSpace, person, readDb, type Person } from '../helpers/spaces';
import {
	agreementStep,
	clientId,
	propose,
	recordEvents,
	share,
	sharedItemIds,
	writeNote
} from '../helpers/notes';
import { advanceTo, answers, choose, submitAnswers } from '../helpers/journey';
import { clientEvents } from '../../src/lib/realtime/events';
import { routes, type Route } from '../helpers/routes';

/**
 * The core promise, tested from the outside: A's private things carry a unique marker, and
 * every route, action, data endpoint and socket event of the app is tried as B, as the
 * counselor, as an outsider and logged out. The marker must never come back.
 */
const MARKER = `private-marker-${process.pid}-${Date.now().toString(36)}`;
let app: RunningApp;
let a: Person, b: Person, c: Person, outsider: Person;
let spaceId: string,
	outsiderSpace: string,
	noteId: string,
	agreementId: string,
	withdrawnItem: string,
	conversationId: string;
let scheduleId: string;
const today = new Date().toISOString().slice(0, 10);
const sockets: Socket[] = [];
const seen: { who: string; events: { event: string; payload: unknown }[] }[] = [];

async function socketFor(who: string, p: Person) {
	const socket = openSocket(app.origin, { token: p.visitor.sessionToken! });
	sockets.push(socket);
	seen.push({ who, events: recordEvents(socket) });
	await connected(socket);
	return socket;
}

beforeAll(async () => {
	app = await startApp();
	const pair = await couple(app.origin, app.dbPath, true);
	({ a, b, spaceId } = pair);
	c = pair.c!;
	outsider = await person(app.origin, app.dbPath, 'Omar');
	outsiderSpace = (await createSpace(outsider)).spaceId;
	// The others listen from before anything is written.
	for (const [who, p] of [
		['B', b],
		['counselor', c],
		['outsider', outsider]
	] as const)
		await socketFor(who, p);

	noteId = await writeNote(a, spaceId, { body: `Journal ${MARKER}` });
	await writeNote(
		a,
		spaceId,
		{ feelings: 'betrayed', intensity: '8', note: `Feeling ${MARKER}` },
		'emotion'
	);
	await writeNote(
		a,
		spaceId,
		{
			thought: `Thought ${MARKER}`,
			evidenceFor: MARKER,
			evidenceAgainst: MARKER,
			balanced: MARKER,
			beliefBefore: '90',
			beliefAfter: '50'
		},
		'thought'
	);
	await a.visitor.post(`/spaces/${spaceId}/journal/new?/saveDraft`, {
		draftKey: 'new-journal',
		body: `Draft ${MARKER}`
	});
	await a.visitor.post(`/spaces/${spaceId}/journal/${noteId}/edit?/saveDraft`, {
		draftKey: `edit-${noteId}`,
		body: `Edit draft ${MARKER}`
	});
	// Something shared and then withdrawn carries the marker too: once withdrawn it is A's alone again.
	const sharedThenWithdrawn = await writeNote(a, spaceId, { body: `Withdrawn ${MARKER}` });
	await share(a, spaceId, sharedThenWithdrawn, 'both');
	[withdrawnItem] = (await sharedItemIds(a, spaceId)) as [string];
	await a.visitor.post(`/spaces/${spaceId}/shared?/withdraw`, { itemId: withdrawnItem });
	// Something properly shared, so the shared pages have content to render.
	await share(a, spaceId, await writeNote(a, spaceId, { body: 'Openly shared words' }), 'both');
	agreementId = await propose(a, spaceId, 'Weekly walk');
	await agreementStep(b, spaceId, agreementId, 'accept', { version: '1' });
	await agreementStep(a, spaceId, agreementId, 'logKeeping', {
		clientId: clientId(),
		outcome: 'kept',
		note: `Keeping ${MARKER}`
	});
	// A conversation, so its pages and actions are tried too (it is shared by nature: no marker).
	const started = await a.visitor.post(`/spaces/${spaceId}/conversations/new`, {
		clientId: clientId(),
		topic: 'A talk',
		format: 'speaker_listener',
		when: 'now'
	});
	conversationId = /conversations\/([a-z0-9]+)$/.exec(started.headers.get('location')!)![1]!;
	// A check-in, so its pages are tried too (its answers are meant for the counselor: no marker).
	await c.visitor.post(`/spaces/${spaceId}/checkins?/assign`, {
		clientId: clientId(),
		templateId: 'weekly-trust',
		cadence: 'weekly',
		startDate: today,
		time: '00:00'
	});
	[{ id: scheduleId }] = readDb<{ id: string }>(
		app.dbPath,
		'select id from checkin_schedules where space_id = ?',
		spaceId
	) as [{ id: string }];
	// Sealed things: A's stage-3 answers (B never submits), then A's stage-4 choice and note.
	await advanceTo(a, b, spaceId, 3);
	expect(
		(
			await submitAnswers(
				a,
				spaceId,
				answers(() => 'not_sure', `Sealed ${MARKER}`)
			)
		).status
	).toBe(200);
	await advanceTo(a, b, spaceId, 4, 3);
	expect((await choose(a, spaceId, 'step_back', `Choice ${MARKER}`)).status).toBe(200);
});

afterAll(async () => {
	for (const s of sockets) s.close();
	await app?.stop();
});

function urlsFor(route: Route, space: string): string[] {
	// The current stage (4) first: that is where actions are posted.
	const stages = route.path.includes('[stage]') ? ['4', '1', '2', '3', '5'] : [''];
	return stages.flatMap((stage) => {
		const path = route.path
			.replace('[spaceId]', space)
			.replace('[noteId]', noteId)
			.replace('[agreementId]', agreementId)
			.replace('[stage]', stage)
			.replace('[conversationId]', conversationId)
			.replace('[scheduleId]', scheduleId)
			.replace('[day]', today)
			.replace('[secret]', 'abcdefgh');
		const pages = [path, `${path === '/' ? '' : path}/__data.json`];
		// Pages of the journal that start from A's own note's place: still only the asker's notes.
		if (path.endsWith('/journal'))
			pages.push(`${path}?before=${Date.now() + 60_000}-${noteId}`, `${path}?after=1-${noteId}`);
		if (path.endsWith('/journal/new'))
			pages.push(
				...['emotion', 'thought', 'compassion', 'statement', 'question'].map(
					(k) => `${path}?kind=${k}`
				)
			);
		return pages;
	});
}

/** Fields that name A's things, posted to every action as if they were someone else's to use. */
const hostileFields = () => ({
	noteId,
	itemId: withdrawnItem,
	draftKey: `edit-${noteId}`,
	body: 'overwrite',
	clientId: clientId(),
	audience: 'both',
	version: '1',
	outcome: 'kept',
	note: '',
	title: 'x',
	details: 'y',
	forWhom: 'both'
});

/** Actions that change the space itself (leaving, invites, counselors) are not about private things. */
const spaceLevel = (path: string) =>
	!/\/(journal|shared|agreements|stages|assessment|journey|export|closing|conversations|checkins)/.test(
		path
	);

describe('a private marker never reaches anyone else', () => {
	it('is visible to its author (so the checks below can fail)', async () => {
		const journal = await (await a.visitor.get(`/spaces/${spaceId}/journal/${noteId}`)).text();
		expect(journal).toContain(MARKER);
		expect(await (await a.visitor.get(`/spaces/${spaceId}/assessment`)).text()).toContain(
			`Sealed ${MARKER}`
		);
		expect(await (await a.visitor.get(`/spaces/${spaceId}/stages/4`)).text()).toContain(
			`Choice ${MARKER}`
		);
	});

	const viewers = () =>
		[
			['B', b.visitor, spaceId],
			['counselor', c.visitor, spaceId],
			['outsider', outsider.visitor, spaceId],
			['outsider in own space', outsider.visitor, outsiderSpace],
			['logged out', new Visitor(app.origin), spaceId]
		] as const;

	it('through no page, data endpoint or form action', async () => {
		const all = routes();
		expect(all.length).toBeGreaterThan(20);
		let requests = 0;
		for (const [who, visitor, space] of viewers()) {
			for (const route of all) {
				for (const url of urlsFor(route, space)) {
					const res = await visitor.get(url);
					const text = `${[...res.headers].join('\n')}\n${await res.text()}`;
					expect(text, `${who} GET ${url}`).not.toContain(MARKER);
					expect(res.status, `${who} GET ${url}`).toBeLessThan(500);
					requests++;
				}
				if (spaceLevel(route.path) || route.actions.length === 0) continue;
				for (const action of route.actions) {
					const [url] = urlsFor(route, space);
					const target = action === 'default' ? url! : `${url}?/${action}`;
					const res = await visitor.post(target, hostileFields());
					const text = `${[...res.headers].join('\n')}\n${await res.text()}`;
					expect(text, `${who} POST ${target}`).not.toContain(MARKER);
					expect(res.status, `${who} POST ${target}`).toBeLessThan(500);
					requests++;
				}
			}
		}
		expect(requests).toBeGreaterThan(200);
		// Nobody could change A's note, or unseal or undo A's sealed things, either.
		expect(await (await a.visitor.get(`/spaces/${spaceId}/journal/${noteId}`)).text()).toContain(
			`Journal ${MARKER}`
		);
		expect(await (await a.visitor.get(`/spaces/${spaceId}/stages/4`)).text()).toContain(
			`Choice ${MARKER}`
		);
		expect(await (await a.visitor.get(`/spaces/${spaceId}/assessment`)).text()).toContain(
			'Your answers are sealed'
		);
	});

	it('through no socket event, whatever is asked', async () => {
		for (const socket of sockets) {
			for (const event of Object.keys(clientEvents)) {
				const reply = await socket
					.timeout(5000)
					.emitWithAck(event, { spaceId, sentAt: Date.now() });
				expect(JSON.stringify(reply)).not.toContain(MARKER);
			}
			const unknown = await socket.timeout(5000).emitWithAck('notes:list', { spaceId, noteId });
			expect(unknown).toMatchObject({ ok: false });
		}
		// Something every member hears, last: events arrive in order, so all earlier ones are in.
		const members = seen
			.map((s, i) => ({ ...s, socket: sockets[i]! }))
			.filter((s) => s.who !== 'outsider');
		const heard = members.map(
			(m) => new Promise<void>((ok) => m.socket.once('space:changed', () => ok()))
		);
		await agreementStep(a, spaceId, agreementId, 'logKeeping', {
			clientId: clientId(),
			outcome: 'kept',
			note: ''
		});
		await Promise.all(heard);
		expect(seen.flatMap((s) => s.events).length).toBeGreaterThan(0);
		for (const { who, events } of seen) expect(JSON.stringify(events), who).not.toContain(MARKER);
	});

	it('and no page title says more than what kind of page it is', async () => {
		let titles = 0;
		for (const route of routes()) {
			for (const url of urlsFor(route, spaceId)) {
				if (url.endsWith('__data.json')) continue;
				const html = await (await a.visitor.get(url)).text();
				const title = /<title>([^<]*)<\/title>/.exec(html)?.[1];
				if (title === undefined) continue;
				titles++;
				// Seen on a lock screen, a tab strip or in history: no name, no stage, no words.
				expect(title, url).toMatch(/^([A-Z][a-z’' -]+( [a-z-]+)* · )?Trellis$/);
				expect(title, url).not.toMatch(/Alma|Ben|Cleo|Our space|Stage \d|Rebuilding|MARKER/);
			}
		}
		expect(titles).toBeGreaterThan(20);
	});

	it('and never into the server log', () => {
		expect(app.output()).not.toContain(MARKER);
	});
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../helpers/app';
import { Visitor } from '../helpers/http';
import { advanceTo, choose, stageStep } from '../helpers/journey';
import { share, writeNote } from '../helpers/notes';
import {
	couple,
	createSpace,
	inviteFrom,
	join,
	person,
	readDb,
	type Person
} from '../helpers/spaces';

let app: RunningApp;
beforeAll(async () => (app = await startApp()));
afterAll(async () => app?.stop());

const page = async (p: Person, path: string) => (await p.visitor.get(path)).text();
/** The "Next step" card of a space home, as the server wrote it. */
const nextStep = (html: string) =>
	/<section[^>]*aria-labelledby="next-heading"[^>]*>([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
const GREETING = 'You have reached stage 2 of 4 together';

describe('This space', () => {
	it('shows partners the people, the counselor and their perspective; a counselor only who is here', async () => {
		const { a, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const forA = await a.visitor.get(`/spaces/${spaceId}/settings`);
		expect(forA.status).toBe(200);
		const html = await forA.text();
		expect(html).toContain('<title>This space · Trellis</title>');
		expect(html).toContain('Your perspective');
		expect(html).toContain('Remove Cleo');
		const forC = await page(c!, `/spaces/${spaceId}/settings`);
		expect(forC).toContain('People here');
		expect(forC).toContain('Alma');
		expect(forC).not.toContain('Your perspective');
		expect(forC).not.toContain('Remove Cleo');
	});

	it('is where partners answer a counselor asking to join, and where home points them', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const c = await person(app.origin, app.dbPath, 'Cy', 'counselor');
		const invite = await a.visitor.post(`/spaces/${spaceId}/settings?/createInvite`, {
			role: 'counselor'
		});
		expect(invite.status).toBe(200);
		expect((await join(c, inviteFrom(await invite.text()).token)).status).toBe(303);
		expect(nextStep(await page(b, `/spaces/${spaceId}`))).toContain(
			`href="/spaces/${spaceId}/settings"`
		);
		expect(await page(b, `/spaces/${spaceId}/settings`)).toContain('Approve Cy');
		for (const p of [a, b]) {
			const res = await p.visitor.post(`/spaces/${spaceId}/settings?/approveCounselor`, {
				counselorId: c.id
			});
			expect(res.status).toBe(200);
		}
		expect((await c.visitor.get(`/spaces/${spaceId}/settings`)).status).toBe(200);
	});

	it('gives a pending counselor, a stranger and a logged-out visitor nothing', async () => {
		const { a, spaceId } = await couple(app.origin, app.dbPath);
		const pending = await person(app.origin, app.dbPath, 'Pia', 'counselor');
		const invite = await a.visitor.post(`/spaces/${spaceId}/settings?/createInvite`, {
			role: 'counselor'
		});
		await join(pending, inviteFrom(await invite.text()).token);
		const stranger = await person(app.origin, app.dbPath, 'Sid');
		await createSpace(stranger);
		for (const path of ['/settings', '/more']) {
			for (const p of [pending, stranger]) {
				const res = await p.visitor.get(`/spaces/${spaceId}${path}`);
				expect(res.status, path).toBe(404);
				expect(await res.text()).not.toContain('Alma');
			}
			const out = await new Visitor(app.origin).get(`/spaces/${spaceId}${path}`);
			expect(out.status).toBe(303);
			expect(out.headers.get('location')).toMatch(/^\/login\?redirectTo=/);
		}
		// Nor the space's places around some other page of it.
		const data = await stranger.visitor.get(`/spaces/${spaceId}/journal/__data.json`);
		expect(await data.text()).not.toContain(`/spaces/${spaceId}`);
	});
});

describe('More', () => {
	it('lists the rest of the space for each person, and works as a plain page', async () => {
		const { a, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const forA = await page(a, `/spaces/${spaceId}/more`);
		for (const link of [
			'/journey',
			'/checkins',
			'/shared',
			'/safety',
			'/export',
			'/settings',
			'/leave'
		])
			expect(forA, link).toContain(`href="/spaces/${spaceId}${link}"`);
		expect(forA).toContain('action="/logout"');
		const forC = await page(c!, `/spaces/${spaceId}/more`);
		expect(forC).toContain(`href="/spaces/${spaceId}/counselor-notes"`);
		expect(forC).not.toContain(`href="/spaces/${spaceId}/safety"`);
	});
});

describe('Next step on the space home', () => {
	it('says what waits for this person and the stage’s main action, never the content', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		expect(nextStep(await page(b, `/spaces/${spaceId}`))).toContain(
			'Nothing is waiting for you here right now.'
		);
		const note = await writeNote(a, spaceId, { body: 'The lake at dawn' });
		await share(a, spaceId, note, 'partner');
		expect((await stageStep(a, spaceId, 1, 'ready')).status).toBe(200);

		const card = nextStep(await page(b, `/spaces/${spaceId}`));
		expect(card).toContain('Alma is ready to move on, whenever you are.');
		expect(card).toContain('1 shared item is waiting for you to read.');
		expect(card).toContain(`href="/spaces/${spaceId}/journal/new?kind=emotion"`);
		expect(card).toContain('Emotion check-in');
		expect(card).not.toContain('lake at dawn');
		// Alma is ready and waits for nobody; what she shared is hers, not waiting for her.
		const forA = nextStep(await page(a, `/spaces/${spaceId}`));
		expect(forA).not.toContain('is ready to move on');
		expect(forA).not.toContain('shared item');
	});

	it('offers the journal and the current stage as the primary actions', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		await advanceTo(a, b, spaceId, 2);
		const html = await page(a, `/spaces/${spaceId}`);
		expect(html).toMatch(new RegExp(`class="button[^"]*" href="/spaces/${spaceId}/journal"`));
		expect(html).toMatch(
			new RegExp(`class="button[^"]*" href="/spaces/${spaceId}/stages/2"[^>]*>Stage 2: Open`)
		);
		expect(nextStep(html)).toContain('Start a conversation');
		// Perspective and counselor settings live on "This space" now.
		expect(html).not.toContain('Your perspective');
		expect(html).toContain(`href="/spaces/${spaceId}/settings"`);
	});
});

describe('the greeting for a step forward', () => {
	it('greets each partner once, on whichever page of the space they open next', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		await advanceTo(a, b, spaceId, 2);
		// Pages loaded by scripts (which may be preloading) do not count it as seen.
		const data = await a.visitor.get(`/spaces/${spaceId}/__data.json`);
		expect(await data.text()).toContain('"reached"');
		expect(await page(a, `/spaces/${spaceId}/journal`)).toContain(GREETING);
		expect(await page(a, `/spaces/${spaceId}/journal`)).not.toContain(GREETING);
		expect(await page(a, `/spaces/${spaceId}`)).not.toContain(GREETING);
		// Ben was not there: he is greeted on his next visit, once. The counselor is not greeted.
		expect(await page(b, `/spaces/${spaceId}/agreements`)).toContain(GREETING);
		expect(await page(b, `/spaces/${spaceId}`)).not.toContain(GREETING);
		expect(await page(c!, `/spaces/${spaceId}`)).not.toContain(GREETING);
	});

	it('is marked as seen by the page that showed it, for its own person only', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		await advanceTo(a, b, spaceId, 2);
		const [{ at }] = readDb<{ at: number }>(
			app.dbPath,
			"select at from journey_events where space_id = ? and kind = 'advanced'",
			spaceId
		) as [{ at: number }];
		const stranger = await person(app.origin, app.dbPath, 'Tam');
		expect(
			(await stranger.visitor.post(`/spaces/${spaceId}/milestone`, { at: String(at) })).status
		).toBe(404);
		expect((await a.visitor.post(`/spaces/${spaceId}/milestone`, { at: 'soon' })).status).toBe(400);
		expect((await a.visitor.post(`/spaces/${spaceId}/milestone`, { at: String(at) })).status).toBe(
			204
		);
		expect((await a.visitor.post(`/spaces/${spaceId}/milestone`, { at: String(at) })).status).toBe(
			204
		);
		expect(await page(a, `/spaces/${spaceId}`)).not.toContain(GREETING);
		expect(await page(b, `/spaces/${spaceId}`)).toContain(GREETING);
	});

	it('greets both choosing to continue', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		await advanceTo(a, b, spaceId, 4);
		await page(a, `/spaces/${spaceId}`);
		expect((await choose(a, spaceId, 'continue')).status).toBe(200);
		// Whoever completes the reveal is greeted in the page that answers; the other, next visit.
		const last = await choose(b, spaceId, 'continue');
		expect(await last.text()).toContain('You both chose to continue');
		expect(await page(a, `/spaces/${spaceId}`)).toContain('You both chose to continue');
		expect(await page(b, `/spaces/${spaceId}`)).not.toContain('You both chose');
	});
});

describe('The code a page needs', () => {
	it('is named once, in the head, for visitors and signed-in people, and not again in a header', async () => {
		const { a, spaceId } = await couple(app.origin, app.dbPath);
		for (const res of [
			await new Visitor(app.origin).get('/'),
			await a.visitor.get(`/spaces/${spaceId}/journal`)
		]) {
			expect(res.status).toBe(200);
			expect(res.headers.get('link')).toBeNull();
			const html = await res.text();
			const [head = ''] = html.split('</head>');
			const named = [...head.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map(
				(m) => m[1]
			);
			expect(named.length).toBeGreaterThan(5);
			expect(new Set(named).size).toBe(named.length);
			// SvelteKit's start and the app's own entry, which the page imports first, among them.
			const entries = [...html.matchAll(/import\("([^"]+)"\)/g)].map((m) => m[1]);
			expect(entries).toHaveLength(2);
			for (const entry of entries) expect(named).toContain(entry);
		}
	});
});

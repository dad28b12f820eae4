import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { startApp, type RunningApp } from '../helpers/app';
import { Visitor, withoutRequestMarks } from '../helpers/http';
import { connected, nextEvent, openSocket } from '../helpers/sockets';
import { linkIn } from '../helpers/mailbox';
import { propose } from '../helpers/notes';
import { SKEW_MS } from '../../src/lib/server/realtime/changes';
import { couple, createSpace, inviteFrom, join, mailTo, person, readDb } from '../helpers/spaces';

let app: RunningApp;
const sockets: Socket[] = [];
beforeAll(async () => (app = await startApp()));
afterAll(async () => app?.stop());
afterEach(() => {
	for (const s of sockets.splice(0)) s.close();
});

const newPerson = (name: string, kind: 'partner' | 'counselor' = 'partner') =>
	person(app.origin, app.dbPath, name, kind);

async function socketFor(visitor: Visitor) {
	const socket = openSocket(app.origin, { token: visitor.sessionToken! });
	sockets.push(socket);
	await connected(socket);
	return socket;
}

describe('creating and joining', () => {
	it('creates a space whose creator is its first partner, with a one-time invite', async () => {
		const a = await newPerson('Ada');
		const { spaceId, invite } = await createSpace(a, { name: '' });
		const html = await (await a.visitor.get(`/spaces/${spaceId}`)).text();
		expect(html).toContain('Our space'); // the neutral default name
		expect(html).not.toContain(invite.token); // shown once only
		const rows = readDb<{ link_hash: Buffer }>(
			app.dbPath,
			'select link_hash from invites where space_id = ?',
			spaceId
		);
		expect(rows).toHaveLength(1);
		expect(Buffer.from(rows[0]!.link_hash).toString('utf8')).not.toContain(invite.token);
	});

	it('starts one space however often the same form is sent', async () => {
		const a = await newPerson('Ona');
		const home = await (await a.visitor.get('/home')).text();
		const formId = /name="clientId" value="([a-z0-9-]+)"/.exec(home)![1]!;
		const send = () =>
			a.visitor.post('/home?/createSpace', {
				name: 'Once',
				perspective: 'hurt',
				safety: 'yes',
				clientId: formId
			});
		const [first, second] = await Promise.all([send(), send()]);
		const third = await send();
		const places = [first, second, third].map((r) => r.headers.get('location'));
		expect(new Set(places).size).toBe(1);
		expect(places[0]).toMatch(/^\/spaces\/[a-z0-9]+$/);
		expect(
			readDb(app.dbPath, "select id from spaces where created_by = ? and name = 'Once'", a.id)
		).toHaveLength(1);
		// A fresh page carries a fresh form id: another space is another space.
		const again = /name="clientId" value="([a-z0-9-]+)"/.exec(
			await (await a.visitor.get('/home')).text()
		)![1]!;
		expect(again).not.toBe(formId);
	});

	it('lets the partner join by link, and the code works the same way', async () => {
		const a = await newPerson('Ava');
		const b = await newPerson('Bea');
		const { spaceId, invite } = await createSpace(a);
		// A code is checked by the code form, which leads to the invite's page.
		const checked = await b.visitor.post('/join', { code: invite.code.toLowerCase() });
		expect(checked.status).toBe(303);
		const preview = await b.visitor.get(checked.headers.get('location')!);
		expect(await preview.text()).toContain('Join Our space');
		// Opened without that check, the code's page only offers to check it.
		const bare = await (await b.visitor.get(`/join/${invite.code}`)).text();
		expect(bare).toContain('Check this invite code');
		expect(bare).not.toContain('Our space');
		const res = await join(b, invite.token);
		expect(res.headers.get('location')).toBe(`/spaces/${spaceId}`);
		const html = await (await b.visitor.get(`/spaces/${spaceId}`)).text();
		expect(html).toContain('Ava');
	});

	it('leads a logged-out visitor through sign-up and back to the join screen', async () => {
		const a = await newPerson('Ann');
		const { invite } = await createSpace(a);
		const visitor = new Visitor(app.origin);
		const html = await (await visitor.get(`/join/${invite.token}`)).text();
		expect(html).toContain(`/signup?redirectTo=%2Fjoin%2F${invite.token}`);
		expect(html).not.toContain('Our space');
		const email = `new-${Date.now()}@example.com`;
		const signup = await visitor.signUp(
			{ email, displayName: 'Neo', password: 'quiet harbour morning 73' },
			`?redirectTo=%2Fjoin%2F${invite.token}`
		);
		expect(signup.status).toBe(200);
		// Once the mailed link confirms the address, it leads (through logging in) back to the invite.
		const mail = await mailTo(app.dbPath, email, /^Finish creating/);
		const confirmed = await visitor.get(new URL(linkIn(mail, '/verify/')).pathname);
		expect(await confirmed.text()).toContain(`href="/login?redirectTo=%2Fjoin%2F${invite.token}"`);
	});

	it('admits exactly one of two people redeeming the same link at once', async () => {
		const a = await newPerson('Amy');
		const b1 = await newPerson('Bo');
		const b2 = await newPerson('Bix');
		const { spaceId, invite } = await createSpace(a);
		const results = await Promise.all([join(b1, invite.token), join(b2, invite.token)]);
		const statuses = results.map((r) => r.status).sort();
		expect(statuses).toEqual([303, 409]);
		const partners = readDb(
			app.dbPath,
			"select user_id from memberships where space_id = ? and role = 'partner' and status = 'active'",
			spaceId
		);
		expect(partners).toHaveLength(2);
	});

	it('refuses a third person with a used link, clearly', async () => {
		const { spaceId } = await couple(app.origin, app.dbPath);
		const intruder = await newPerson('Ivo');
		// A fresh partner invite cannot even be made for a full space.
		const memberA = readDb<{ user_id: string }>(
			app.dbPath,
			"select user_id from memberships where space_id = ? and role='partner'",
			spaceId
		);
		expect(memberA).toHaveLength(2);
		const res = await intruder.visitor.get(`/join/${'x'.repeat(24)}`);
		expect(await res.text()).toContain('We could not find that invite');
	});

	it('says why a used, revoked or wrong-kind invite cannot be used', async () => {
		const a = await newPerson('Abe');
		const b = await newPerson('Bud');
		const c = await newPerson('Cyd');
		const counselor = await newPerson('Doc', 'counselor');
		const { invite } = await createSpace(a);
		expect(await (await counselor.visitor.get(`/join/${invite.token}`)).text()).toContain(
			'different kind of account'
		);
		await join(b, invite.token);
		const used = await join(c, invite.token);
		expect(used.status).toBe(409);
		expect(await used.text()).toContain('already been used');
	});

	it('withdrawing an invite makes it unusable', async () => {
		const a = await newPerson('Aki');
		const b = await newPerson('Bao');
		const { spaceId, invite } = await createSpace(a);
		expect(
			(await a.visitor.post(`/spaces/${spaceId}?/revokeInvite`, { role: 'partner' })).status
		).toBe(200);
		const res = await join(b, invite.token);
		expect(res.status).toBe(409);
		expect(await res.text()).toContain('withdrawn');
	});

	it('refuses a counselor account trying to create a space', async () => {
		const counselor = await newPerson('Dr', 'counselor');
		const res = await counselor.visitor.post('/home?/createSpace', { name: 'X' });
		expect(res.status).toBe(403);
	});
});

describe('counselor consent', () => {
	it('keeps a counselor pending until both partners approve', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const c = await newPerson('Cora', 'counselor');
		const inv = inviteFrom(
			await (
				await a.visitor.post(`/spaces/${spaceId}/settings?/createInvite`, { role: 'counselor' })
			).text()
		);
		expect((await join(c, inv.token)).status).toBe(303);
		let html = await (await c.visitor.get(`/spaces/${spaceId}`)).text();
		expect(html).toContain('Both partners need to approve you');
		expect(html).not.toContain('Alma');
		expect(html).not.toContain('Ben');

		await a.visitor.post(`/spaces/${spaceId}/settings?/approveCounselor`, { counselorId: c.id });
		html = await (await c.visitor.get(`/spaces/${spaceId}`)).text();
		expect(html).toContain('Both partners need to approve you');

		await b.visitor.post(`/spaces/${spaceId}/settings?/approveCounselor`, { counselorId: c.id });
		html = await (await c.visitor.get(`/spaces/${spaceId}`)).text();
		expect(html).toContain('Who&#39;s here'.replace('&#39;', "'"));
		expect(html).toContain('Alma');
	});

	it('one decline turns the counselor away; either partner can remove an admitted one', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const c = await newPerson('Cai', 'counselor');
		const inv = inviteFrom(
			await (
				await a.visitor.post(`/spaces/${spaceId}/settings?/createInvite`, { role: 'counselor' })
			).text()
		);
		await join(c, inv.token);
		await b.visitor.post(`/spaces/${spaceId}/settings?/declineCounselor`, { counselorId: c.id });
		expect((await c.visitor.get(`/spaces/${spaceId}`)).status).toBe(404);

		const full = await couple(app.origin, app.dbPath, true);
		expect((await full.c!.visitor.get(`/spaces/${full.spaceId}`)).status).toBe(200);
		expect(
			(
				await full.b.visitor.post(`/spaces/${full.spaceId}/settings?/removeCounselor`, {
					counselorId: full.c!.id
				})
			).status
		).toBe(200);
		expect((await full.c!.visitor.get(`/spaces/${full.spaceId}`)).status).toBe(404);
	});
});

describe('outsiders get nothing', () => {
	const pages = ['', '/leave', '/safety', '/settings', '/more'];
	const actions: Array<[string, Record<string, string>]> = [
		['?/createInvite', { role: 'counselor' }],
		['?/revokeInvite', { role: 'partner' }],
		['/settings?/approveCounselor', { counselorId: 'x' }],
		['/settings?/declineCounselor', { counselorId: 'x' }],
		['/settings?/removeCounselor', { counselorId: 'x' }],
		['/settings?/setPerspective', { perspective: 'hurt' }],
		['/leave', {}],
		['/safety', { safety: 'no' }],
		['/settings?/createInvite', { role: 'counselor' }],
		['/milestone', { at: '1' }]
	];

	it('a member of another space gets 404 on every page and action, and changes nothing', async () => {
		const { spaceId } = await couple(app.origin, app.dbPath);
		const stranger = await newPerson('Sol');
		await createSpace(stranger);
		const before = readDb(app.dbPath, 'select * from memberships where space_id = ?', spaceId);
		for (const p of pages) {
			const res = await stranger.visitor.get(`/spaces/${spaceId}${p}`);
			expect(res.status, p).toBe(404);
			expect(await res.text()).not.toContain('Alma');
		}
		const data = await stranger.visitor.get(`/spaces/${spaceId}/__data.json`);
		expect(await data.text()).not.toContain('Alma');
		for (const [path, fields] of actions) {
			const res = await stranger.visitor.post(`/spaces/${spaceId}${path}`, fields);
			expect(res.status, path).toBe(404);
		}
		expect(readDb(app.dbPath, 'select * from memberships where space_id = ?', spaceId)).toEqual(
			before
		);
	});

	it('a logged-out visitor is sent to log in from every page and action', async () => {
		const { spaceId } = await couple(app.origin, app.dbPath);
		const visitor = new Visitor(app.origin);
		for (const p of pages) {
			const res = await visitor.get(`/spaces/${spaceId}${p}`);
			expect(res.status).toBe(303);
			expect(res.headers.get('location')).toMatch(/^\/login\?redirectTo=/);
		}
		for (const [path, fields] of actions) {
			const res = await visitor.post(`/spaces/${spaceId}${path}`, fields);
			expect(res.status, path).toBe(303);
		}
	});

	it('an unknown space id looks exactly like a space one is not in', async () => {
		const stranger = await newPerson('Uma');
		const { spaceId } = await couple(app.origin, app.dbPath);
		const real = await stranger.visitor.get(`/spaces/${spaceId}`);
		const fake = await stranger.visitor.get(`/spaces/nosuchspaceatallxxxxxxxx`);
		expect(real.status).toBe(fake.status);
		// Each answer carries its own nonce and the moment it was read, and nothing else of its own.
		const [realHtml, fakeHtml] = [await real.text(), await fake.text()];
		expect(realHtml).toMatch(/readAt:\d+/);
		expect(withoutRequestMarks(realHtml)).toBe(withoutRequestMarks(fakeHtml));
	});

	it('a pending counselor and an approved counselor cannot manage the space', async () => {
		const { spaceId, c } = await couple(app.origin, app.dbPath, true);
		for (const [path, fields] of actions.slice(0, 6)) {
			const res = await c!.visitor.post(`/spaces/${spaceId}${path}`, fields);
			expect(res.status, path).toBe(403);
		}
	});

	it('refuses socket subscriptions from non-members, and sends them nothing', async () => {
		const { a, spaceId } = await couple(app.origin, app.dbPath);
		const stranger = await newPerson('Zed');
		const s = await socketFor(stranger.visitor);
		const seen: string[] = [];
		s.onAny((event) => seen.push(event));
		const ack = await s.timeout(5000).emitWithAck('space:watch', { spaceId });
		expect(ack).toEqual({
			ok: false,
			error: { code: 'not_found', message: 'We could not find that space.' }
		});
		const sa = await socketFor(a.visitor);
		await sa.timeout(5000).emitWithAck('space:watch', { spaceId });
		await a.visitor.post(`/spaces/${spaceId}/settings?/setPerspective`, { perspective: 'mutual' });
		await a.visitor.post(`/spaces/${spaceId}/settings?/createInvite`, { role: 'counselor' });
		// A round trip on the stranger's socket orders its events after anything sent before.
		await s.timeout(5000).emitWithAck('system:ping', { sentAt: 1 });
		expect(seen).toEqual([]);
	});
});

describe('live updates', () => {
	it('tells a page that connects after a change whether it missed one, and only its own', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const stranger = await newPerson('Sol');
		// A page read SKEW_MS after this moment counts changes from this moment on; the couple's
		// own changes so far are all before it.
		const since = Date.now() + SKEW_MS;
		const sinceRead = async (visitor: Visitor, moment = since) =>
			(await (await socketFor(visitor)).timeout(5000).emitWithAck('space:since', { since: moment }))
				.data;
		expect(await sinceRead(b.visitor)).toEqual({ changed: false });
		// Read before the proposal, connected after it: the announcement went by unheard.
		await propose(a, spaceId, 'Walks after dinner');
		expect(await sinceRead(b.visitor)).toEqual({ changed: true });
		// A change in a space someone is not in says nothing to them.
		expect(await sinceRead(stranger.visitor)).toEqual({ changed: false });
		// From before this server could have heard of changes: it cannot vouch, so yes.
		expect(await sinceRead(stranger.visitor, 0)).toEqual({ changed: true });
		const socket = await socketFor(b.visitor);
		expect(await socket.timeout(5000).emitWithAck('space:since', { since: -1 })).toMatchObject({
			ok: false,
			error: { code: 'invalid' }
		});
	});

	it('tells the creator at once when the partner joins, and shows presence', async () => {
		const a = await newPerson('Ari');
		const b = await newPerson('Bex');
		const { spaceId, invite } = await createSpace(a);
		const sa = await socketFor(a.visitor);
		expect((await sa.timeout(5000).emitWithAck('space:watch', { spaceId })).data.online).toEqual([
			a.id
		]);
		const changed = nextEvent<{ spaceId: string }>(sa, 'space:changed');
		await join(b, invite.token);
		expect(await changed).toEqual({ spaceId });

		const sb = await socketFor(b.visitor);
		const bothHere = nextEvent<{ online: string[] }>(sa, 'space:presence');
		await sb.timeout(5000).emitWithAck('space:watch', { spaceId });
		expect((await bothHere).online.sort()).toEqual([a.id, b.id].sort());

		const bGone = nextEvent<{ online: string[] }>(sa, 'space:presence');
		sb.close();
		expect((await bGone).online).toEqual([a.id]);
	});

	it('closes the space for the other partner when one leaves, live', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const sa = await socketFor(a.visitor);
		const changed = nextEvent(sa, 'space:changed');
		expect((await b.visitor.post(`/spaces/${spaceId}/leave`, {})).status).toBe(303);
		await changed;
		const html = await (await a.visitor.get(`/spaces/${spaceId}`)).text();
		expect(html).toContain('Your partner has left this space, so it is now closed');
		expect(
			(await a.visitor.post(`/spaces/${spaceId}?/createInvite`, { role: 'partner' })).status
		).toBe(403);
		const bHome = await (await b.visitor.get('/home')).text();
		expect(bHome).toContain('You left this space');
	});
});

describe('the safety answer stays with its author', () => {
	it('is recorded, shown to its author, and appears nowhere for the partner or counselor', async () => {
		const a = await newPerson('Ama');
		const b = await newPerson('Bim');
		const { spaceId, invite } = await createSpace(a, { safety: 'yes' });
		const res = await join(b, invite.token, { safety: 'no' });
		expect(res.headers.get('location')).toBe(`/spaces/${spaceId}/safety`);
		const bPage = await (await b.visitor.get(`/spaces/${spaceId}/safety`)).text();
		expect(bPage).toContain('Support for you');
		expect(
			readDb(
				app.dbPath,
				'select answer from safety_checks where space_id = ? order by answer',
				spaceId
			)
		).toEqual([{ answer: 'no' }, { answer: 'yes' }]);

		const c = await newPerson('Cass', 'counselor');
		const inv = inviteFrom(
			await (
				await a.visitor.post(`/spaces/${spaceId}/settings?/createInvite`, { role: 'counselor' })
			).text()
		);
		await join(c, inv.token);
		await a.visitor.post(`/spaces/${spaceId}/settings?/approveCounselor`, { counselorId: c.id });
		await b.visitor.post(`/spaces/${spaceId}/settings?/approveCounselor`, { counselorId: c.id });

		const aSafety = await (await a.visitor.get(`/spaces/${spaceId}/safety`)).text();
		expect(aSafety).not.toContain('Support for you');
		for (const viewer of [a, c]) {
			// Page data is where a leak would show; the home page's own form lists the options by design.
			for (const path of [
				`/spaces/${spaceId}`,
				`/spaces/${spaceId}/__data.json`,
				'/home/__data.json'
			]) {
				const body = await (await viewer.visitor.get(path)).text();
				expect(body, path).not.toMatch(
					/not_sure|"no"|safety_checks|"answer"|Support for you|not feel safe/
				);
			}
		}
		expect((await c.visitor.get(`/spaces/${spaceId}/safety`)).status).toBe(403);
	});
});

describe('guarding against abuse', () => {
	it('counts wrong codes sent to the join action, not only page views', async () => {
		const guesser = await newPerson('Gus');
		const statuses: number[] = [];
		// Posted the way the page's script posts (no page render afterwards), so only the action counts.
		const asScript = { accept: 'application/json', 'x-sveltekit-action': 'true' };
		for (let i = 0; i < 12; i++) {
			const res = await guesser.visitor.post(
				`/join/ZZZZ${String(i).padStart(4, '2')}?/join`,
				{ perspective: 'hurt' },
				asScript
			);
			statuses.push(((await res.json()) as { status: number }).status);
		}
		expect(statuses.slice(0, 10)).toEqual(Array(10).fill(404));
		expect(statuses.at(-1)).toBe(429);
	});

	it('counts nothing when an invite page is only opened, so no other site can lock anyone out', async () => {
		const target = await newPerson('Tia');
		const a = await newPerson('Ari');
		const { invite } = await createSpace(a);
		const counts = () =>
			readDb(app.dbPath, "select * from login_throttle where key like 'invite%' order by key");
		const before = counts();
		// Another site makes Tia's browser open many wrong links and codes.
		for (let i = 0; i < 30; i++) {
			const wrongLink = await target.visitor.get(`/join/${'x'.repeat(23)}${i % 10}`);
			expect(wrongLink.status).toBeLessThan(500);
			await target.visitor.get(`/join/ZZZZ${String(i).padStart(4, '2')}`);
		}
		expect(counts()).toEqual(before);
		// Tia's own code still works at once.
		const checked = await target.visitor.post('/join', { code: invite.code });
		expect(checked.status).toBe(303);
		expect(await (await target.visitor.get(checked.headers.get('location')!)).text()).toContain(
			'Join Our space'
		);
		// A proof made for someone else, or for another code, shows nothing.
		const proof = new URL(checked.headers.get('location')!, app.origin).searchParams.get('checked');
		const other = await newPerson('Oli');
		expect(
			await (await other.visitor.get(`/join/${invite.code}?checked=${proof}`)).text()
		).toContain('Check this invite code');
	});

	it('counts wrong codes sent to the code form', async () => {
		const guesser = await newPerson('Gil');
		const statuses: number[] = [];
		for (let i = 0; i < 12; i++)
			statuses.push(
				(await guesser.visitor.post('/join', { code: `YYYY${String(i).padStart(4, '2')}` })).status
			);
		expect(statuses.slice(0, 10)).toEqual(Array(10).fill(404));
		expect(statuses.at(-1)).toBe(429);
	});

	it('lets a counselor’s open page hear the space’s changes from the moment both partners approve', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const c = await newPerson('Cal', 'counselor');
		const res = await a.visitor.post(`/spaces/${spaceId}/settings?/createInvite`, {
			role: 'counselor'
		});
		expect((await join(c, inviteFrom(await res.text()).token)).status).toBe(303);
		const socket = await socketFor(c.visitor);
		for (const p of [a, b])
			expect(
				(
					await p.visitor.post(`/spaces/${spaceId}/settings?/approveCounselor`, {
						counselorId: c.id
					})
				).status
			).toBe(200);
		// What the approvals sent the counselor's own devices has arrived by this answer.
		expect(await socket.timeout(5000).emitWithAck('space:since', { since: 0 })).toMatchObject({
			ok: true
		});
		const heard = new Promise<unknown>((told, late) => {
			socket.once('space:changed', told);
			setTimeout(() => late(new Error('the change did not reach the counselor')), 3_000);
		});
		// A change told only to the space's room.
		await propose(a, spaceId, 'Sunday walks');
		expect(await heard).toEqual({ spaceId });
	});

	it('asks both partners again when a removed counselor comes back', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		expect(
			(await b.visitor.post(`/spaces/${spaceId}/settings?/removeCounselor`, { counselorId: c!.id }))
				.status
		).toBe(200);
		const res = await a.visitor.post(`/spaces/${spaceId}/settings?/createInvite`, {
			role: 'counselor'
		});
		expect((await join(c!, inviteFrom(await res.text()).token)).status).toBe(303);
		expect(
			(
				await a.visitor.post(`/spaces/${spaceId}/settings?/approveCounselor`, {
					counselorId: c!.id
				})
			).status
		).toBe(200);
		const status = () =>
			readDb<{ status: string }>(
				app.dbPath,
				'select status from memberships where space_id = ? and user_id = ?',
				spaceId,
				c!.id
			)[0]!.status;
		expect(status()).toBe('pending');
		expect(await (await b.visitor.get(`/spaces/${spaceId}/settings`)).text()).toContain(
			'Approve Cleo'
		);
		expect(
			(
				await b.visitor.post(`/spaces/${spaceId}/settings?/approveCounselor`, {
					counselorId: c!.id
				})
			).status
		).toBe(200);
		expect(status()).toBe('active');
	});

	it('tells a waiting counselor nothing about the space on their home page, and lets them go when it closes', async () => {
		const { a, spaceId } = await couple(app.origin, app.dbPath);
		const waiting = await newPerson('Wes', 'counselor');
		const res = await a.visitor.post(`/spaces/${spaceId}/settings?/createInvite`, {
			role: 'counselor'
		});
		expect((await join(waiting, inviteFrom(await res.text()).token)).status).toBe(303);
		const home = await (await waiting.visitor.get('/home')).text();
		expect(home).toContain('Our space');
		expect(home).not.toContain('Process feelings');
		expect((await a.visitor.post(`/spaces/${spaceId}/leave`, {})).status).toBe(303);
		const [row] = readDb<{ status: string }>(
			app.dbPath,
			'select status from memberships where space_id = ? and user_id = ?',
			spaceId,
			waiting.id
		);
		expect(row!.status).toBe('declined');
	});
});

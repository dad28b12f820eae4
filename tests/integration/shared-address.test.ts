import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../helpers/app';
import { expectStatus, PASSWORD, uniqueEmail, Visitor } from '../helpers/http';
import { confirmEmail, couple, inviteFrom, mailTo, person, readDb } from '../helpers/spaces';

/**
 * Many people behind one address (every request here comes from 127.0.0.1, or, behind the
 * pretend proxy, from the address its header names): limits kept for the address slow it
 * down, but never shut out someone acting for the first time.
 */

/** A server of its own for each part, so one part's pauses cannot touch another's. */
function ownApp(env: Record<string, string> = {}) {
	let app: RunningApp | undefined;
	beforeAll(async () => (app = await startApp(env)));
	afterAll(async () => app?.stop());
	return () => app!;
}

const CHECK_EMAIL = 'Check your email to finish creating your account';

/** The address-wide record, to show the scene really has the address paused. */
function addressPaused(app: RunningApp, key: string): boolean {
	const [row] = readDb<{ blocked_until: number }>(
		app.dbPath,
		'select blocked_until from login_throttle where key = ?',
		key
	);
	return !!row && row.blocked_until > Date.now();
}

/** Failed log-ins on `count` random emails, all at once (as a stuffing script would). */
async function failOnRandomEmails(app: RunningApp, count: number, headers = () => ({})) {
	const results = await Promise.all(
		Array.from({ length: count }, (_, i) =>
			new Visitor(app.origin).post(
				'/login',
				{ email: uniqueEmail(`random-${i}`), password: `not the password ${i}` },
				headers()
			)
		)
	);
	expect(results.map((r) => r.status)).toEqual(Array(count).fill(400));
}

describe('log-in from a busy address', () => {
	const app = ownApp();

	it('lets a different person in on the first try after 30 failures on random emails', async () => {
		const robin = await person(app().origin, app().dbPath, 'Robin');
		await failOnRandomEmails(app(), 30);
		expect(addressPaused(app(), 'address:127.0.0.1')).toBe(true);
		const fresh = await new Visitor(app().origin).logIn(robin.email, PASSWORD);
		expect(fresh.status).toBe(303);
	});

	it('pauses an email that has failed from there itself, from its next try', async () => {
		const tried = uniqueEmail('tried');
		expect((await new Visitor(app().origin).logIn(tried, 'first wrong guess')).status).toBe(400);
		const again = await new Visitor(app().origin).logIn(tried, 'second wrong guess');
		expect(again.status).toBe(429);
		expect(await again.text()).toContain('log-in is paused for this account');
	});

	it('still pauses one attacker hammering one account, even on the right password', async () => {
		const kim = await person(app().origin, app().dbPath, 'Kim');
		const attacker = new Visitor(app().origin);
		const statuses: number[] = [];
		for (let i = 0; i < 5; i++)
			statuses.push((await attacker.logIn(kim.email, `guess ${i}`)).status);
		expect(statuses.at(-1)).toBe(429);
		expect((await new Visitor(app().origin).logIn(kim.email, PASSWORD)).status).toBe(429);
	});
});

describe('sign-up from a busy address', () => {
	const app = ownApp();

	it('goes on working for a new person after many sign-ups with registered emails', async () => {
		const owners = await Promise.all([
			person(app().origin, app().dbPath, 'Ola'),
			person(app().origin, app().dbPath, 'Pia')
		]);
		for (let i = 0; i < 8; i++) {
			const again = await new Visitor(app().origin).signUp({
				email: owners[i % 2]!.email,
				displayName: 'Someone else',
				password: PASSWORD
			});
			expect(again.status).toBe(200);
			expect(await again.text()).toContain(CHECK_EMAIL);
		}
		const visitor = new Visitor(app().origin);
		const email = uniqueEmail('newcomer');
		const res = await visitor.signUp({ email, displayName: 'Nia', password: PASSWORD });
		expect(res.status).toBe(200);
		expect(await res.text()).toContain(CHECK_EMAIL);
		await confirmEmail(visitor, email, (to, subject) => mailTo(app().dbPath, to, subject));
		expect((await visitor.logIn(email, PASSWORD)).status).toBe(303);
	});
});

describe('invite codes from a busy address', () => {
	const app = ownApp();

	it("let a counselor's first valid code through after many wrong codes from other accounts", async () => {
		const { a, spaceId } = await couple(app().origin, app().dbPath);
		const created = await a.visitor.post(`/spaces/${spaceId}/settings?/createInvite`, {
			role: 'counselor'
		});
		const { code } = inviteFrom(await created.text());
		const names = ['Xia', 'Xen', 'Xol', 'Xum', 'Xav', 'Xio', 'Xel'];
		const [yan, ...guessers] = await Promise.all([
			person(app().origin, app().dbPath, 'Yan', 'counselor'),
			...names.map((n) => person(app().origin, app().dbPath, n))
		]);
		// Ten wrong codes from each of three accounts (each within its own limit, which pauses
		// at the eleventh), then one from each of four more: past the address's thirty.
		const tries = [10, 10, 10, 1, 1, 1, 1];
		for (const [g, guesser] of guessers.entries())
			for (let i = 0; i < tries[g]!; i++) {
				const wrong = `${'QRSTUVW'[g]}ZZZ${String(i).padStart(4, '2')}`;
				expect((await guesser!.visitor.post('/join', { code: wrong })).status).toBe(404);
			}
		expect(addressPaused(app(), 'invite-address:127.0.0.1')).toBe(true);
		// A guesser who has failed from here now waits; Yan, trying a first code, does not.
		expect((await guessers[0]!.visitor.post('/join', { code: 'QZZZ9999' })).status).toBe(429);
		const checked = await yan!.visitor.post('/join', { code });
		expect(checked.status).toBe(303);
		expect(checked.headers.get('location')).toContain('checked=');
	});
});

describe('password reset requests from a busy address', () => {
	const app = ownApp();

	it('still mail a link to someone asking for the first time', async () => {
		const uma = await person(app().origin, app().dbPath, 'Uma');
		const asked = uniqueEmail('asked');
		expect((await new Visitor(app().origin).post('/forgot', { email: asked })).status).toBe(200);
		for (let i = 0; i < 11; i++)
			await expectStatus(
				await new Visitor(app().origin).post('/forgot', { email: uniqueEmail(`r${i}`) }),
				200
			);
		expect(addressPaused(app(), 'reset-from:127.0.0.1')).toBe(true);
		// An email that has asked from here waits; Uma, asking for the first time, is answered.
		expect((await new Visitor(app().origin).post('/forgot', { email: asked })).status).toBe(429);
		expect((await new Visitor(app().origin).post('/forgot', { email: uma.email })).status).toBe(
			200
		);
		const message = await mailTo(app().dbPath, uma.email, /^Set a new Trellis password/);
		expect(message.text).toContain('/reset/');
	});
});

describe('behind a proxy (ADDRESS_HEADER=X-Forwarded-For, XFF_DEPTH=1)', () => {
	const app = ownApp({ ADDRESS_HEADER: 'X-Forwarded-For', XFF_DEPTH: '1' });
	const via = (address: string) => () => ({ 'x-forwarded-for': address });
	const logInVia = (address: string, email: string, password: string) =>
		new Visitor(app().origin).post('/login', { email, password }, via(address)());

	it('tells two addresses apart: pausing one does not pause the other', async () => {
		const sam = await person(app().origin, app().dbPath, 'Sam');
		await failOnRandomEmails(app(), 25, via('203.0.113.7'));
		expect(addressPaused(app(), 'address:203.0.113.7')).toBe(true);
		expect(addressPaused(app(), 'address:198.51.100.9')).toBe(false);
		// Sam mistypes once at the busy address, and is paused there...
		expect((await logInVia('203.0.113.7', sam.email, 'a slip of the finger')).status).toBe(400);
		expect((await logInVia('203.0.113.7', sam.email, PASSWORD)).status).toBe(429);
		// ...but not from another address.
		expect((await logInVia('198.51.100.9', sam.email, PASSWORD)).status).toBe(303);
	});

	it('reads the address the proxy saw, not one the client put in front of it', async () => {
		const forged = () => ({ 'x-forwarded-for': '192.0.2.55, 192.0.2.66' });
		await failOnRandomEmails(app(), 1, forged);
		const keys = readDb<{ key: string }>(
			app().dbPath,
			"select key from login_throttle where key like 'address:192.0.2.%'"
		);
		expect(keys).toEqual([{ key: 'address:192.0.2.66' }]);
	});

	it('counts IPv6 addresses in one /64 as one, and an IPv4 address written as IPv6 as itself', async () => {
		const lee = await person(app().origin, app().dbPath, 'Lee');
		let n = 0;
		await failOnRandomEmails(app(), 25, () => ({ 'x-forwarded-for': `2001:db8:1:2::${++n}` }));
		expect(addressPaused(app(), 'address:2001:db8:1:2::/64')).toBe(true);
		expect(
			readDb(app().dbPath, "select key from login_throttle where key like 'address:2001%'")
		).toHaveLength(1);
		// Lee fails once in that /64, then is paused anywhere in it, but not in the next /64.
		expect((await logInVia('2001:db8:1:2:aaaa::1', lee.email, 'wrong once')).status).toBe(400);
		expect((await logInVia('2001:db8:1:2:bbbb::2', lee.email, PASSWORD)).status).toBe(429);
		expect((await logInVia('2001:db8:1:3::1', lee.email, PASSWORD)).status).toBe(303);
		await failOnRandomEmails(app(), 1, () => ({ 'x-forwarded-for': '::ffff:203.0.113.99' }));
		expect(
			readDb(app().dbPath, "select key from login_throttle where key = 'address:203.0.113.99'")
		).toHaveLength(1);
	});
});

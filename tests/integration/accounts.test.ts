import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../helpers/app';
import { PASSWORD, uniqueEmail, Visitor } from '../helpers/http';
import { linkIn } from '../helpers/mailbox';
import { confirmEmail, mailTo, person, readDb, writeDb } from '../helpers/spaces';

let app: RunningApp;
beforeAll(async () => (app = await startApp()));
afterAll(async () => app?.stop());

async function newPerson(name = 'Robin') {
	const { visitor, email } = await person(app.origin, app.dbPath, name);
	return { visitor, email };
}

const CHECK_EMAIL = 'Check your email to finish creating your account';

describe('health', () => {
	it('answers 200 with JSON when the database answers', async () => {
		const res = await fetch(`${app.origin}/healthz`);
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ status: 'ok', database: 'ok' });
	});
});

describe('sign up', () => {
	it('asks to confirm the email, and logs in nobody until then', async () => {
		const visitor = new Visitor(app.origin);
		const email = uniqueEmail('sam');
		const res = await visitor.signUp({ email, displayName: 'Sam', password: PASSWORD });
		expect(res.status).toBe(200);
		expect(await res.text()).toContain(CHECK_EMAIL);
		expect(visitor.sessionToken).toBeUndefined();
		expect((await visitor.get('/home')).headers.get('location')).toMatch(/^\/login/);

		// The mailed link confirms the address, and still logs nobody in.
		await confirmEmail(visitor, email, (to, subject) => mailTo(app.dbPath, to, subject));
		expect(visitor.sessionToken).toBeUndefined();
		const login = await visitor.logIn(email, PASSWORD);
		expect(login.status).toBe(303);
		expect(login.headers.get('location')).toBe('/home');
		const cookie = login.headers.getSetCookie().find((c) => c.startsWith('trellis_session='))!;
		expect(cookie).toMatch(/HttpOnly/i);
		expect(cookie).toMatch(/SameSite=Lax/i);
		expect(cookie).toMatch(/Path=\//);
		expect(cookie).not.toMatch(/Secure/); // plain http on loopback
		const home = await (await visitor.get('/home')).text();
		expect(home).toContain('Welcome, Sam');
		expect(home).not.toContain('Verify your email');
	});

	it('answers a second sign-up with the same email (any case) exactly like a first, and tells the owner', async () => {
		const { email } = await newPerson('Alex');
		const again = new Visitor(app.origin);
		const res = await again.signUp({
			email: `  ${email.toUpperCase()} `,
			displayName: 'Alex 2',
			password: PASSWORD
		});
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(html).toContain(CHECK_EMAIL);
		expect(html).not.toMatch(/already/i);
		expect(again.sessionToken).toBeUndefined();
		const told = await mailTo(app.dbPath, email, /^Someone tried to create/);
		expect(told.text).toContain(`${app.origin}/forgot`);
		expect(told.text).toContain(`${app.origin}/login`);
		const rows = readDb(app.dbPath, 'select display_name from users where email = ?', email);
		expect(rows).toEqual([{ display_name: 'Alex' }]);
	});

	it('refuses a very common password with a clear message and keeps what was typed', async () => {
		const visitor = new Visitor(app.origin);
		const res = await visitor.signUp({
			email: uniqueEmail(),
			displayName: 'Jo Typed',
			password: 'password1234'
		});
		expect(res.status).toBe(400);
		const html = await res.text();
		expect(html).toContain('That password would be easy to guess');
		expect(html).toContain('it is on the lists of passwords people use most');
		expect(html).toContain('value="Jo Typed"');
		expect(html).not.toContain('password1234');
	});

	it('answers malformed input with a 400 and field messages, never a 500', async () => {
		const visitor = new Visitor(app.origin);
		const res = await visitor.post('/signup', {
			email: 'nope',
			displayName: '',
			password: 'x',
			kind: 'admin'
		});
		expect(res.status).toBe(400);
		const html = await res.text();
		expect(html).toContain('Please enter an email address like name@example.com.');
		expect(html).toContain('Please enter a display name.');
		expect(html).toContain('Please choose Partner or Counselor.');
	});

	it('refuses a form post from another origin (origin check)', async () => {
		const visitor = new Visitor(app.origin);
		const res = await visitor.post(
			'/signup',
			{ email: uniqueEmail(), displayName: 'X', password: PASSWORD, kind: 'partner' },
			{ origin: 'http://evil.example' }
		);
		expect(res.status).toBe(403);
		expect(visitor.sessionToken).toBeUndefined();
	});

	it('after confirming, leads on to where the visitor was going, but only on this site', async () => {
		const nextAfter = async (redirectTo: string) => {
			const visitor = new Visitor(app.origin);
			const email = uniqueEmail('lee');
			const res = await visitor.signUp(
				{ email, displayName: 'Lee', password: PASSWORD },
				`?redirectTo=${redirectTo}`
			);
			expect(res.status).toBe(200);
			const mail = await mailTo(app.dbPath, email, /^Finish creating/);
			const page = await visitor.get(new URL(linkIn(mail, '/verify/')).pathname);
			const main = (await page.text()).split('<main')[1]!;
			return /<a href="([^"]*)">Log in<\/a>/.exec(main)?.[1];
		};
		expect(await nextAfter('%2Faccount')).toBe('/login?redirectTo=%2Faccount');
		expect(await nextAfter('https%3A%2F%2Fevil.example')).toBe('/login?redirectTo=%2Fhome');
		// A target that cannot be an address of ours (not plain ASCII) is no error either: home.
		expect(await nextAfter('%2F%E3%80%80')).toBe('/login?redirectTo=%2Fhome');
	});
});

describe('log in and out', () => {
	it('logs in with the right password, case-insensitively on the email', async () => {
		const { email } = await newPerson('Noor');
		const visitor = new Visitor(app.origin);
		const res = await visitor.logIn(email.toUpperCase(), PASSWORD);
		expect(res.status).toBe(303);
		expect((await visitor.get('/home')).status).toBe(200);
	});

	it('gives the same message for a wrong password and an unknown email', async () => {
		const { email } = await newPerson('Ira');
		const wrong = await new Visitor(app.origin).logIn(email, 'not the password at all');
		const unknown = await new Visitor(app.origin).logIn(
			uniqueEmail('ghost'),
			'not the password at all'
		);
		expect(wrong.status).toBe(400);
		expect(unknown.status).toBe(400);
		const message = "That email and password don't match";
		expect(await wrong.text()).toContain(message);
		expect(await unknown.text()).toContain(message);
	});

	it('sends protected pages to log-in and back, and a logged-in visitor away from log-in', async () => {
		const visitor = new Visitor(app.origin);
		const res = await visitor.get('/account/devices');
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/login?redirectTo=%2Faccount%2Fdevices');
		const { visitor: member } = await newPerson('Pat');
		const login = await member.get('/login');
		expect(login.status).toBe(303);
		expect(login.headers.get('location')).toBe('/home');
	});

	it('protects form actions as well as pages', async () => {
		const stranger = new Visitor(app.origin);
		const res = await stranger.post('/account?/changePassword', {
			currentPassword: 'a',
			newPassword: 'b'
		});
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toMatch(/^\/login/);
	});

	it('log out ends the session on the server, not only the cookie', async () => {
		const { visitor } = await newPerson('Mo');
		const token = visitor.sessionToken!;
		const res = await visitor.post('/logout', {});
		expect(res.status).toBe(303);
		expect(visitor.sessionToken).toBeUndefined();
		const replay = new Visitor(app.origin);
		replay.cookies.set('trellis_session', token);
		expect((await replay.get('/home')).status).toBe(303);
	});

	it('slows repeated failures for an account, even when the password is finally right', async () => {
		const { email } = await newPerson('Vic');
		const attacker = new Visitor(app.origin);
		for (let i = 0; i < 5; i++) await attacker.logIn(email, `wrong guess number ${i}`);
		const owner = await new Visitor(app.origin).logIn(email, PASSWORD);
		expect(owner.status).toBe(429);
		expect(await owner.text()).toContain('log-in is paused for this account');
	});

	it('does not let guesses sent all at once slip past the count', async () => {
		const { email } = await newPerson('Par');
		const attacker = new Visitor(app.origin);
		const results = await Promise.all(
			Array.from({ length: 12 }, (_, i) => attacker.logIn(email, `parallel guess ${i}`))
		);
		const checked = results.filter((r) => r.status === 400).length;
		expect(checked).toBeLessThanOrEqual(6);
		expect(results.filter((r) => r.status === 429).length).toBe(12 - checked);
	});

	it('throttles an unknown email exactly like a known one', async () => {
		const attacker = new Visitor(app.origin);
		const ghost = uniqueEmail('ghost');
		let last: Response | undefined;
		for (let i = 0; i < 6; i++) last = await attacker.logIn(ghost, `wrong guess number ${i}`);
		expect(last!.status).toBe(429);
	});
});

describe('devices and passwords', () => {
	it('lists active sessions and ends another device', async () => {
		const { visitor: laptop, email } = await newPerson('Dee');
		const phone = new Visitor(
			app.origin,
			'Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile Safari/537.36'
		);
		await phone.logIn(email, PASSWORD);
		const page = await (await laptop.get('/account/devices')).text();
		expect(page).toContain('Chrome on Android');
		expect(page).toContain('Chrome on Linux');
		const phoneId = phone.sessionToken!.split('.')[0]!;
		const res = await laptop.post('/account/devices?/end', { sessionId: phoneId });
		expect(res.status).toBe(200);
		expect((await phone.get('/home')).status).toBe(303);
		expect((await laptop.get('/home')).status).toBe(200);
	});

	it('cannot end somebody else’s session by sending its id', async () => {
		const { visitor: mallory } = await newPerson('Mal');
		const { visitor: victim } = await newPerson('Vee');
		const victimId = victim.sessionToken!.split('.')[0]!;
		const res = await mallory.post('/account/devices?/end', { sessionId: victimId });
		expect(res.status).toBe(404);
		expect((await victim.get('/home')).status).toBe(200);
	});

	it('log out everywhere ends every session of the person', async () => {
		const { visitor: a, email } = await newPerson('Eve');
		const b = new Visitor(app.origin);
		await b.logIn(email, PASSWORD);
		const res = await a.post('/account/devices?/everywhere', {});
		expect(res.status).toBe(303);
		expect((await a.get('/home')).status).toBe(303);
		expect((await b.get('/home')).status).toBe(303);
	});

	it('changing the password keeps this device and ends the others', async () => {
		const { visitor: here, email } = await newPerson('Fay');
		const there = new Visitor(app.origin);
		await there.logIn(email, PASSWORD);
		const res = await here.post('/account?/changePassword', {
			currentPassword: PASSWORD,
			newPassword: 'brand new lighthouse 88'
		});
		expect(res.status).toBe(200);
		expect(await res.text()).toContain('Your password has been changed');
		expect((await here.get('/home')).status).toBe(200);
		expect((await there.get('/home')).status).toBe(303);
		expect((await new Visitor(app.origin).logIn(email, PASSWORD)).status).toBe(400);
		expect((await new Visitor(app.origin).logIn(email, 'brand new lighthouse 88')).status).toBe(
			303
		);
	});

	it('refuses a password change with a wrong current password', async () => {
		const { visitor } = await newPerson('Gus');
		const res = await visitor.post('/account?/changePassword', {
			currentPassword: 'wrong wrong wrong',
			newPassword: 'brand new lighthouse 88'
		});
		expect(res.status).toBe(400);
		expect(await res.text()).toContain('Your current password was not right');
	});
});

describe('security baseline', () => {
	it('sends a strict CSP and protective headers on pages', async () => {
		const res = await new Visitor(app.origin).get('/login');
		const csp = res.headers.get('content-security-policy') ?? '';
		expect(csp).toContain("frame-ancestors 'none'");
		expect(csp).toContain("default-src 'self'");
		const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src'))!;
		expect(scriptSrc).not.toContain('unsafe-inline');
		expect(scriptSrc).toMatch(/'nonce-|'sha256-/);
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('referrer-policy')).toBe('no-referrer');
		expect(res.headers.get('cache-control')).toBe('no-store');
	});

	it('refuses oversized bodies without a 500', async () => {
		const res = await new Visitor(app.origin).post('/login', {
			email: 'a@b.co',
			password: 'x'.repeat(400_000)
		});
		expect(res.status).toBe(413);
	});

	it('shows a friendly page for unknown routes, without internals', async () => {
		const res = await new Visitor(app.origin).get('/no/such/page');
		expect(res.status).toBe(404);
		const html = await res.text();
		expect(html).toContain('We could not find that page.');
		expect(html).not.toMatch(/at .*\.js:\d+/);
	});

	it('never titles a page with anything personal', async () => {
		const { visitor } = await newPerson('Quinn Secretname');
		for (const path of ['/home', '/account', '/account/devices']) {
			const html = await (await visitor.get(path)).text();
			const title = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';
			expect(title).toMatch(/Trellis$/);
			expect(title).not.toContain('Secretname');
		}
	});
});

describe('form posts under no-referrer', () => {
	it('accept Origin: null only when the browser marks the post same-origin', async () => {
		const ok = new Visitor(app.origin);
		const res = await ok.signUp({
			email: uniqueEmail('nullok'),
			displayName: 'N',
			password: PASSWORD
		});
		expect(res.status).toBe(200);
		const own = await new Visitor(app.origin).post(
			'/signup',
			{ email: uniqueEmail('nullown'), displayName: 'N', password: PASSWORD, kind: 'partner' },
			{ origin: 'null', 'sec-fetch-site': 'same-origin' }
		);
		expect(own.status).toBe(200);
		const forged = new Visitor(app.origin);
		const refused = await forged.post(
			'/signup',
			{ email: uniqueEmail('nullbad'), displayName: 'N', password: PASSWORD, kind: 'partner' },
			{ origin: 'null', 'sec-fetch-site': 'cross-site' }
		);
		expect(refused.status).toBe(403);
		expect(forged.sessionToken).toBeUndefined();
	});
});

describe('time zone', () => {
	const zoneOf = (email: string) => {
		return readDb<{ z: string }>(
			app.dbPath,
			'select time_zone as z from users where email = ?',
			email
		)[0]!.z;
	};

	it('is taken from the device at sign-up and log-in, ignores anything unknown, and can be chosen', async () => {
		const visitor = new Visitor(app.origin);
		const email = uniqueEmail('zoe');
		expect(
			(
				await visitor.signUp({
					email,
					displayName: 'Zoe',
					password: PASSWORD,
					timeZone: 'Europe/Berlin'
				})
			).status
		).toBe(200);
		expect(zoneOf(email)).toBe('Europe/Berlin');

		const elsewhere = new Visitor(app.origin);
		expect(
			(await elsewhere.logIn(email, PASSWORD, '', { timeZone: 'Mars/Olympus_Mons' })).status
		).toBe(303);
		expect(zoneOf(email)).toBe('Europe/Berlin');
		const other = new Visitor(app.origin);
		expect((await other.logIn(email, PASSWORD, '', { timeZone: 'America/New_York' })).status).toBe(
			303
		);
		expect(zoneOf(email)).toBe('America/New_York');

		const page = await (await other.get('/account')).text();
		expect(page).toContain('<option value="America/New_York" selected');
		const bad = await other.post('/account?/setTimeZone', { timeZone: 'Nowhere/Special' });
		expect(bad.status).toBe(400);
		expect(await bad.text()).toContain('Please choose a time zone from the list.');
		expect((await other.post('/account?/setTimeZone', { timeZone: 'Asia/Kolkata' })).status).toBe(
			200
		);
		expect(zoneOf(email)).toBe('Asia/Kolkata');
	});

	it('is kept under its current name, whatever name the device or the form used', async () => {
		const visitor = new Visitor(app.origin);
		const email = uniqueEmail('kiran');
		await visitor.signUp({
			email,
			displayName: 'Kiran',
			password: PASSWORD,
			timeZone: 'Asia/Calcutta'
		});
		expect(zoneOf(email)).toBe('Asia/Kolkata');
		const other = new Visitor(app.origin);
		expect((await other.logIn(email, PASSWORD, '', { timeZone: 'Europe/Kiev' })).status).toBe(303);
		expect(zoneOf(email)).toBe('Europe/Kyiv');
		expect((await other.post('/account?/setTimeZone', { timeZone: 'Asia/Saigon' })).status).toBe(
			200
		);
		expect(zoneOf(email)).toBe('Asia/Ho_Chi_Minh');

		// The list offers current names, each with its offset now; none of the former ones.
		const page = await (await other.get('/account')).text();
		expect(page).toMatch(/<option value="Asia\/Kolkata">Asia\/Kolkata \(UTC\+05:30\)<\/option>/);
		expect(page).toMatch(/<option value="Europe\/Kyiv">Europe\/Kyiv \(UTC\+0[23]:00\)<\/option>/);
		expect(page).not.toContain('Asia/Calcutta');
		expect(page).not.toContain('Europe/Kiev');
		expect(page).toContain('<option value="Asia/Ho_Chi_Minh" selected');

		// A zone kept under a former name before now is shown, and chosen, under its current one.
		writeDb(app.dbPath, "update users set time_zone = 'Europe/Kiev' where email = ?", email);
		expect(await (await other.get('/account')).text()).toContain(
			'<option value="Europe/Kyiv" selected'
		);
	});

	it('is UTC when the device did not say', async () => {
		const { email } = await newPerson('Uma');
		expect(zoneOf(email)).toBe('UTC');
	});
});

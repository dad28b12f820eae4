import { existsSync, readFileSync } from 'node:fs';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32NoPadding } from '@oslojs/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { useApp } from '../helpers/suite';
import { expectStatus, PASSWORD, Visitor } from '../helpers/http';
import { mailTo, person, readDb, writeDb } from '../helpers/spaces';
import { openSocket, refusal } from '../helpers/sockets';
import { linkIn } from '../helpers/mailbox';
import {
	Authenticator,
	keyFromPage,
	logInWithCode,
	recoveryCodesIn,
	turnOnTwoStep
} from '../helpers/two-step';

const { app } = useApp();
const PENDING = 'trellis_pending_login';
const sockets: Socket[] = [];
afterEach(() => {
	for (const s of sockets.splice(0)) s.close();
});

const text = async (res: Response) => (await res.text()).replaceAll('&#39;', "'");

/** The password step alone, from a browser of its own: the pending log-in's cookie. */
async function passwordStep(email: string, query = '') {
	const visitor = new Visitor(app.origin);
	const res = await expectStatus(await visitor.logIn(email, PASSWORD, query), 303);
	return { visitor, res, location: res.headers.get('location')! };
}

const rowsOf = (table: string, userId: string) =>
	readDb<Record<string, unknown>>(app.dbPath, `select * from ${table} where user_id = ?`, userId);

/** The database file and its log as bytes, to look for what must not be there. */
function databaseBytes(): Buffer {
	const files = [app.dbPath, `${app.dbPath}-wal`].filter((f) => existsSync(f));
	return Buffer.concat(files.map((f) => readFileSync(f)));
}

async function withTwoStep(name: string, kind: 'partner' | 'counselor' = 'partner') {
	const who = await person(app.origin, app.dbPath, name, kind);
	return { who, ...(await turnOnTwoStep(who.visitor)) };
}

describe('turning two-step verification on', () => {
	it('takes the password, then a right code from the key shown, and shows ten recovery codes once', async () => {
		const ana = await person(app.origin, app.dbPath, 'Ana');
		const before = await text(await ana.visitor.get('/account'));
		expect(before).toContain('Two-step verification');
		expect(before).toContain('>Turn on</button>');

		const wrongPassword = await ana.visitor.post('/account?/startTwoStep', { password: 'nope' });
		expect(wrongPassword.status).toBe(400);
		expect(rowsOf('two_step', ana.id)).toHaveLength(0);
		await expectStatus(
			await ana.visitor.post('/account?/startTwoStep', { password: PASSWORD }),
			200
		);
		const setup = await text(await ana.visitor.get('/account'));
		const key = keyFromPage(setup);
		const uri = /href="(otpauth:\/\/totp\/[^"]+)"/.exec(setup)![1]!.replaceAll('&amp;', '&');
		expect(new URL(uri).searchParams.get('secret')).toBe(encodeBase32NoPadding(key));
		expect(setup).toContain('Code from your authenticator app');

		const wrong = await ana.visitor.post('/account?/confirmTwoStep', { otp: '000000' });
		expect(wrong.status).toBe(400);
		expect(await text(wrong)).toContain('That code is not right');
		expect(rowsOf('two_step', ana.id)[0]!.enabled_at).toBeNull();
		expect(rowsOf('recovery_codes', ana.id)).toHaveLength(0);
		// Still off: the password alone logs in.
		expect((await passwordStep(ana.email)).location).toBe('/home');

		const phone = new Authenticator(key);
		const done = await expectStatus(
			await ana.visitor.post('/account?/confirmTwoStep', { otp: await phone.code() }),
			200
		);
		const page = await text(done);
		expect(page).toContain('Two-step verification is on.');
		expect(page).toContain('Keep these recovery codes somewhere safe');
		const codes = recoveryCodesIn(page);
		expect(new Set(codes).size).toBe(10);

		const later = await text(await ana.visitor.get('/account'));
		expect(recoveryCodesIn(later)).toEqual([]);
		expect(later).toContain('You have 10 recovery codes left.');
		expect(later).not.toContain('otpauth://');

		// Only hashes of the codes are kept, and the key only sealed.
		const stored = rowsOf('recovery_codes', ana.id);
		const hashes = stored.map((r) => Buffer.from(r.code_hash as Uint8Array).toString('hex'));
		const expected = codes.map((c) =>
			Buffer.from(sha256(new TextEncoder().encode(c.replace('-', '')))).toString('hex')
		);
		expect(hashes.sort()).toEqual(expected.sort());
		const [row] = rowsOf('two_step', ana.id);
		expect(row!.enabled_at).not.toBeNull();
		expect(Buffer.from(row!.sealed_key as Uint8Array).includes(Buffer.from(key))).toBe(false);
		const file = databaseBytes();
		for (const secret of [
			encodeBase32NoPadding(key),
			...codes,
			...codes.map((c) => c.replace('-', ''))
		])
			expect(file.includes(Buffer.from(secret))).toBe(false);
		expect(file.includes(Buffer.from(key))).toBe(false);

		// One's copy of one's data says it is on, and holds neither the key nor the codes.
		const exported = await text(await ana.visitor.get('/account/export.json'));
		expect(JSON.parse(exported).account.twoStepVerification).toBe(true);
		for (const secret of [encodeBase32NoPadding(key), ...codes])
			expect(exported).not.toContain(secret);
	});
});

describe('setting two-step verification up', () => {
	it('can be cancelled, and starting again shows a new key', async () => {
		const ola = await person(app.origin, app.dbPath, 'Ola');
		await expectStatus(
			await ola.visitor.post('/account?/startTwoStep', { password: PASSWORD }),
			200
		);
		const first = keyFromPage(await text(await ola.visitor.get('/account')));
		const cancelled = await expectStatus(
			await ola.visitor.post('/account?/cancelTwoStep', {}),
			303
		);
		expect(cancelled.headers.get('location')).toBe('/account#two-step');
		expect(rowsOf('two_step', ola.id)).toHaveLength(0);
		expect(await text(await ola.visitor.get('/account'))).toContain('>Turn on</button>');
		// A code from the key that was cancelled turns nothing on.
		const stale = await ola.visitor.post('/account?/confirmTwoStep', {
			otp: await new Authenticator(first).code()
		});
		expect(stale.status).toBe(409);

		await expectStatus(
			await ola.visitor.post('/account?/startTwoStep', { password: PASSWORD }),
			200
		);
		const second = keyFromPage(await text(await ola.visitor.get('/account')));
		expect(Buffer.from(second).equals(Buffer.from(first))).toBe(false);
	});
});

describe('a confirmation sent twice', () => {
	it('is answered the second time with where to get recovery codes again, counting no wrong code', async () => {
		const eli = await person(app.origin, app.dbPath, 'Eli');
		await expectStatus(
			await eli.visitor.post('/account?/startTwoStep', { password: PASSWORD }),
			200
		);
		const phone = new Authenticator(keyFromPage(await text(await eli.visitor.get('/account'))));
		const otp = await phone.code();
		await expectStatus(await eli.visitor.post('/account?/confirmTwoStep', { otp }), 200);
		// The same form again (a double click, the page sent again): its answer is what shows.
		const again = await eli.visitor.post('/account?/confirmTwoStep', { otp });
		expect(again.status).toBe(409);
		const said = await text(again);
		// Shown on the page (not only in the data the page is given), beside the form it points to.
		expect(said).toMatch(
			/<p class="alert">Two-step verification is on\. If you did not keep your recovery codes, make new ones on your account page\.<\/p>/
		);
		expect(said).toContain('Make new recovery codes');
		expect(rowsOf('recovery_codes', eli.id)).toHaveLength(10);
		const counted = readDb<{ failures: number }>(
			app.dbPath,
			'select failures from login_throttle where key = ?',
			`recheck:${eli.id}`
		);
		expect(counted.filter((r) => r.failures > 0)).toEqual([]);
	});
});

describe('logging in with two-step verification on', () => {
	it('asks for the code after the password: the password alone opens no page and no live connection', async () => {
		const { who, app: phone } = await withTwoStep('Bea');
		const { visitor, res, location } = await passwordStep(who.email);
		expect(location).toBe('/login/code');
		expect(visitor.sessionToken).toBeUndefined();
		const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${PENDING}=`))!;
		expect(cookie).toMatch(/HttpOnly/i);
		expect(cookie).toMatch(/Path=\/login(;|$)/i);
		const expires = Date.parse(/Expires=([^;]+)/i.exec(cookie)![1]!);
		expect(expires - Date.now()).toBeLessThanOrEqual(5 * 60_000);

		for (const path of ['/home', '/account', '/account/export.json']) {
			const page = await expectStatus(await visitor.get(path), 303);
			expect(page.headers.get('location')).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
		}
		const pendingToken = visitor.cookies.get(PENDING)!;
		const socket = openSocket(app.origin, { token: pendingToken });
		sockets.push(socket);
		expect(await refusal(socket)).toBe('unauthenticated');

		const step = await text(await expectStatus(await visitor.get('/login/code'), 200));
		expect(step).toContain('Code from your authenticator app');
		expect(step).toContain('Use a recovery code');

		const wrong = await visitor.post('/login/code', { otp: '123 456' });
		expect(wrong.status).toBe(400);
		expect(await text(wrong)).toContain('That code is not right');
		expect(visitor.sessionToken).toBeUndefined();

		const right = await expectStatus(
			await visitor.post('/login/code', { otp: await phone.code() }),
			303
		);
		expect(right.headers.get('location')).toBe('/home');
		expect(visitor.sessionToken).toBeDefined();
		expect(visitor.cookies.has(PENDING)).toBe(false);
		expect(await text(await expectStatus(await visitor.get('/home'), 200))).toContain(
			'Welcome, Bea'
		);
	});

	it('keeps where the person was going through both steps', async () => {
		const { who, app: phone } = await withTwoStep('Cai');
		const { visitor, location } = await passwordStep(who.email, '?redirectTo=%2Faccount');
		expect(location).toBe('/login/code?redirectTo=%2Faccount');
		const done = await expectStatus(await visitor.post(location, { otp: await phone.code() }), 303);
		expect(done.headers.get('location')).toBe('/account');
	});

	it('refuses a code that was already used, even from the same app a moment later', async () => {
		const { who, app: phone } = await withTwoStep('Dev');
		// The code that turned it on cannot log in.
		const first = await passwordStep(who.email);
		const replayed = await first.visitor.post('/login/code', { otp: phone.codeUsed() });
		expect(replayed.status).toBe(400);
		expect((await logInWithCode(first.visitor, who.email, phone)).status).toBe(303);
		// Nor can the code that logged in, from another browser.
		const second = await passwordStep(who.email);
		const again = await second.visitor.post('/login/code', { otp: phone.codeUsed() });
		expect(again.status).toBe(400);
		expect(second.visitor.sessionToken).toBeUndefined();
	});

	it('pauses after several wrong codes for the account, but not in the browser its owner logs in from', async () => {
		const { who, app: phone } = await withTwoStep('Eda');
		// Three log-ins wait for their code: a guesser's, another elsewhere, and Eda's own
		// browser (where she logged in before, so its device cookie is known).
		const guesser = await passwordStep(who.email);
		const other = await passwordStep(who.email);
		const own = new Visitor(app.origin);
		own.cookies.set('trellis_device', who.visitor.cookies.get('trellis_device')!);
		await expectStatus(await own.logIn(who.email, PASSWORD), 303);
		// The pause lasts seconds: the right codes are ready before the guessing starts.
		const [otherCode, ownCode] = [await phone.code(), await phone.code()];

		const answers: number[] = [];
		for (let i = 0; i < 6; i++)
			answers.push((await guesser.visitor.post('/login/code', { otp: `00000${i}` })).status);
		expect(answers).toEqual([400, 400, 400, 400, 400, 429]);
		// The pause is the account's, whichever pending log-in asks, and a right code waits too.
		const paused = await other.visitor.post('/login/code', { otp: otherCode });
		expect(paused.status).toBe(429);
		expect(await text(paused)).toContain('paused');
		expect(other.visitor.sessionToken).toBeUndefined();
		// Eda's own browser counts only its own wrong codes.
		const home = await expectStatus(await own.post('/login/code', { otp: ownCode }), 303);
		expect(home.headers.get('location')).toBe('/home');
	});
});

describe('recovery codes', () => {
	it('log in once each, in place of the app’s code, and the account page counts what is left', async () => {
		const { who, recoveryCodes } = await withTwoStep('Fox');
		const { visitor } = await passwordStep(who.email);
		const form = await text(await expectStatus(await visitor.get('/login/code?recovery'), 200));
		expect(form).toContain('Recovery code');
		expect(form).toContain('Use the code from your authenticator app');
		const typed = recoveryCodes[0]!.toUpperCase().replace('-', ' ');
		await expectStatus(await visitor.post('/login/code?recovery', { recoveryCode: typed }), 303);
		expect(await text(await visitor.get('/account'))).toContain('You have 9 recovery codes left.');
		expect(rowsOf('recovery_codes', who.id).filter((r) => r.used_at !== null)).toHaveLength(1);

		const again = await passwordStep(who.email);
		const used = await again.visitor.post('/login/code?recovery', {
			recoveryCode: recoveryCodes[0]!
		});
		expect(used.status).toBe(400);
		expect(await text(used)).toContain(
			'That recovery code is not right, or it has been used already.'
		);
		expect(again.visitor.sessionToken).toBeUndefined();
	});

	it('are made anew with a code, and the old ones then stop working', async () => {
		const { who, app: phone, recoveryCodes } = await withTwoStep('Gus');
		const refused = await who.visitor.post('/account?/renewRecoveryCodes', {
			otpOrRecovery: '000000'
		});
		expect(refused.status).toBe(400);
		const renewed = await expectStatus(
			await who.visitor.post('/account?/renewRecoveryCodes', { otpOrRecovery: await phone.code() }),
			200
		);
		const fresh = recoveryCodesIn(await text(renewed));
		expect(fresh).toHaveLength(10);
		expect(fresh.some((c) => recoveryCodes.includes(c))).toBe(false);

		const old = await passwordStep(who.email);
		expect(
			(await old.visitor.post('/login/code?recovery', { recoveryCode: recoveryCodes[1]! })).status
		).toBe(400);
		await expectStatus(
			await old.visitor.post('/login/code?recovery', { recoveryCode: fresh[0]! }),
			303
		);
	});
});

describe('turning two-step verification off', () => {
	it('needs the password and a code; either alone is refused', async () => {
		const { who, app: phone, recoveryCodes } = await withTwoStep('Hal');
		const noCode = await who.visitor.post('/account?/turnOffTwoStep', {
			password: PASSWORD,
			otpOrRecovery: '000000'
		});
		expect(noCode.status).toBe(400);
		const noPassword = await who.visitor.post('/account?/turnOffTwoStep', {
			password: 'not my password',
			otpOrRecovery: await phone.code()
		});
		expect(noPassword.status).toBe(400);
		expect(await text(noPassword)).toContain('That password is not right');
		expect(rowsOf('two_step', who.id)).toHaveLength(1);
		expect((await passwordStep(who.email)).location).toBe('/login/code');

		const off = await expectStatus(
			await who.visitor.post('/account?/turnOffTwoStep', {
				password: PASSWORD,
				otpOrRecovery: recoveryCodes[2]!
			}),
			200
		);
		expect(await text(off)).toContain('Two-step verification is off.');
		expect(rowsOf('two_step', who.id)).toHaveLength(0);
		expect(rowsOf('recovery_codes', who.id)).toHaveLength(0);
		expect((await passwordStep(who.email)).location).toBe('/home');
	});
});

describe('the suggestion to counselors', () => {
	const suggestion = 'Turn on two-step verification</a>';

	it('is shown to a counselor without it, until they turn it on, and never to a partner', async () => {
		const [cleo, ben] = await Promise.all([
			person(app.origin, app.dbPath, 'Cleo', 'counselor'),
			person(app.origin, app.dbPath, 'Ben')
		]);
		for (const path of ['/home', '/account']) {
			const page = await text(await cleo.visitor.get(path));
			expect(page).toContain(suggestion);
			expect(page).toContain('href="/account#two-step"');
			expect(await text(await ben.visitor.get(path))).not.toContain(suggestion);
		}
		await turnOnTwoStep(cleo.visitor);
		for (const path of ['/home', '/account'])
			expect(await text(await cleo.visitor.get(path))).not.toContain(suggestion);
	});
});

describe('a pending log-in', () => {
	function expire(userId: string) {
		writeDb(
			app.dbPath,
			'update pending_logins set expires_at = ? where user_id = ?',
			new Date(Date.now() - 1),
			userId
		);
	}

	it('lasts minutes: once expired, it leads back to the password', async () => {
		const { who, app: phone } = await withTwoStep('Ivo');
		const { visitor } = await passwordStep(who.email, '?redirectTo=%2Faccount');
		expire(who.id);
		const page = await expectStatus(await visitor.get('/login/code?redirectTo=%2Faccount'), 303);
		expect(page.headers.get('location')).toBe('/login?again&redirectTo=%2Faccount');
		const posted = await expectStatus(
			await visitor.post('/login/code', { otp: await phone.code() }),
			303
		);
		expect(posted.headers.get('location')).toBe('/login?again');
		expect(visitor.sessionToken).toBeUndefined();
		expect(await text(await visitor.get('/login?again'))).toContain('Please log in again');
	});

	it('works once', async () => {
		const { who, app: phone } = await withTwoStep('Jun');
		const { visitor } = await passwordStep(who.email);
		const token = visitor.cookies.get(PENDING)!;
		await expectStatus(await visitor.post('/login/code', { otp: await phone.code() }), 303);
		const replay = new Visitor(app.origin);
		replay.cookies.set(PENDING, token);
		const res = await expectStatus(
			await replay.post('/login/code', { otp: await phone.code() }),
			303
		);
		expect(res.headers.get('location')).toBe('/login?again');
		expect(replay.sessionToken).toBeUndefined();
		expect(rowsOf('pending_logins', who.id)).toHaveLength(0);
	});

	it('is bound to its account: a stranger with it and their own codes gets nowhere', async () => {
		const [{ who: kai }, { app: strangersPhone }] = await Promise.all([
			withTwoStep('Kai'),
			withTwoStep('Mal')
		]);
		const { visitor } = await passwordStep(kai.email);
		const stranger = new Visitor(app.origin);
		stranger.cookies.set(PENDING, visitor.cookies.get(PENDING)!);
		const own = await stranger.post('/login/code', { otp: await strangersPhone.code() });
		expect(own.status).toBe(400);
		expect(stranger.sessionToken).toBeUndefined();
		// A made-up cookie, or one with a wrong secret, is nobody's.
		const [id] = visitor.cookies.get(PENDING)!.split('.');
		for (const forged of [`${id}.${'a'.repeat(24)}`, 'not-a-token']) {
			const guess = new Visitor(app.origin);
			guess.cookies.set(PENDING, forged);
			const res = await expectStatus(await guess.get('/login/code'), 303);
			expect(res.headers.get('location')).toBe('/login?again');
		}
	});
});

describe('two-step verification stays with the account', () => {
	it('through a new password set from an emailed link: the link alone does not log in', async () => {
		const { who, app: phone } = await withTwoStep('Lia');
		await expectStatus(await new Visitor(app.origin).post('/forgot', { email: who.email }), 200);
		const mail = await mailTo(app.dbPath, who.email, /new Trellis password/);
		const path = new URL(linkIn(mail, '/reset/')).pathname;
		const fresh = 'lantern over still water 58';
		const visitor = new Visitor(app.origin);
		await expectStatus(
			await visitor.post(path, { newPassword: fresh, confirmPassword: fresh }),
			303
		);
		expect(visitor.sessionToken).toBeUndefined();
		const step = await expectStatus(await visitor.logIn(who.email, fresh), 303);
		expect(step.headers.get('location')).toBe('/login/code');
		await expectStatus(await visitor.post('/login/code', { otp: await phone.code() }), 303);
		expect((await visitor.get('/home')).status).toBe(200);
	});

	it('and goes with it when the account is deleted', async () => {
		const { who } = await withTwoStep('Max');
		await passwordStep(who.email);
		expect(rowsOf('pending_logins', who.id)).toHaveLength(1);
		await expectStatus(await who.visitor.post('/account/delete', { password: PASSWORD }), 303);
		for (const table of ['two_step', 'recovery_codes', 'pending_logins'])
			expect(rowsOf(table, who.id)).toHaveLength(0);
	});
});

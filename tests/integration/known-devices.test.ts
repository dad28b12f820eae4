import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { tempDatabase } from '../helpers/db';
import { readDb } from '../helpers/spaces';
import { useApp } from '../helpers/suite';
import { PASSWORD, uniqueEmail, Visitor } from '../helpers/http';
import * as accounts from '../../src/lib/server/accounts';
import { AppError } from '../../src/lib/server/errors';

const conn = await tempDatabase();
afterAll(() => conn.cleanup());
const { app } = useApp();

const codeOf = (attempt: Promise<unknown>) =>
	attempt.then(
		() => 'ok',
		(error: unknown) => (error instanceof AppError ? error.code : String(error))
	);

/** The services log each attempt; the server's log is tested elsewhere. */
function quietly() {
	const level = process.env.LOG_LEVEL;
	process.env.LOG_LEVEL = 'silent';
	onTestFinished(() => {
		if (level === undefined) delete process.env.LOG_LEVEL;
		else process.env.LOG_LEVEL = level;
	});
}

/** An account, logged in once from `client` (which makes that browser a known one). */
async function account(email: string, displayName: string, client: accounts.Client) {
	await accounts.signUp(conn.db, { email, displayName, password: PASSWORD, kind: 'partner' });
	return accounts.logIn(conn.db, { email, password: PASSWORD }, client);
}

describe('a browser the person has logged in from', () => {
	it('stays open to them when someone who knows their email fails on purpose from many addresses', async () => {
		quietly();
		const email = uniqueEmail('kept');
		const owner = await account(email, 'Kit', { address: '10.0.0.1', device: 'laptop' });
		const now = Date.now();
		// Twelve addresses, five wrong guesses each: more than the account allows from anywhere.
		for (let a = 10; a < 22; a++)
			for (let i = 0; i < 5; i++)
				await codeOf(
					accounts.logIn(
						conn.db,
						{ email, password: `wrong guess ${a}-${i}` },
						{ address: `10.0.1.${a}`, device: 'x' },
						now
					)
				);
		const fromNewPlace = { address: '10.0.2.1', device: 'phone' };
		expect(
			await codeOf(accounts.logIn(conn.db, { email, password: PASSWORD }, fromNewPlace, now + 1))
		).toBe('rate_limited');
		// From the browser they signed up in, the right password still works.
		const back = await accounts.logIn(
			conn.db,
			{ email, password: PASSWORD },
			{ ...fromNewPlace, knownDevice: owner.knownDevice },
			now + 2
		);
		expect(back.knownDevice).toBe(owner.knownDevice);

		// Someone else's known browser is no way around it.
		const other = await account(uniqueEmail('other'), 'Oz', { address: '10.0.3.1', device: 'x' });
		expect(
			await codeOf(
				accounts.logIn(
					conn.db,
					{ email, password: PASSWORD },
					{ ...fromNewPlace, knownDevice: other.knownDevice },
					now + 3
				)
			)
		).toBe('rate_limited');
		// Nor is a made-up token.
		expect(
			await codeOf(
				accounts.logIn(
					conn.db,
					{ email, password: PASSWORD },
					{ ...fromNewPlace, knownDevice: 'a'.repeat(32) },
					now + 4
				)
			)
		).toBe('rate_limited');

		// The known browser's own failures still slow it down.
		for (let i = 0; i < 5; i++)
			await codeOf(
				accounts.logIn(
					conn.db,
					{ email, password: `typo ${i}` },
					{ ...fromNewPlace, knownDevice: owner.knownDevice },
					now + 5
				)
			);
		expect(
			await codeOf(
				accounts.logIn(
					conn.db,
					{ email, password: PASSWORD },
					{ ...fromNewPlace, knownDevice: owner.knownDevice },
					now + 6
				)
			)
		).toBe('rate_limited');

		// Changing the password, signed in, is not held up by anyone's failed log-ins; afterwards
		// no browser is trusted until it logs in again.
		const [user] = readDb<{ id: string }>(conn.path, 'select id from users where email = ?', email);
		const [session] = readDb<{ id: string }>(
			conn.path,
			'select id from sessions where user_id = ? limit 1',
			user!.id
		);
		const fresh = 'a new and quiet password 91';
		await accounts.changePassword(
			conn.db,
			user!.id,
			session!.id,
			{ currentPassword: PASSWORD, newPassword: fresh },
			fromNewPlace,
			now + 7
		);
		expect(
			await codeOf(
				accounts.logIn(
					conn.db,
					{ email, password: fresh },
					{ ...fromNewPlace, knownDevice: owner.knownDevice },
					now + 8
				)
			)
		).toBe('rate_limited');
	});

	it('is marked by a cookie only the log-in page receives, and lets its owner in past failures from their own address', async () => {
		const email = uniqueEmail('home');
		const owner = new Visitor(app.origin);
		expect((await owner.signUp({ email, displayName: 'Hal', password: PASSWORD })).status).toBe(
			200
		);
		expect(owner.cookies.has('trellis_device')).toBe(false);
		const first = await owner.logIn(email, PASSWORD);
		const cookie = first.headers.getSetCookie().find((c) => c.startsWith('trellis_device='));
		expect(cookie).toMatch(/Path=\/login/);
		expect(cookie).toMatch(/HttpOnly/);
		await owner.post('/logout', {});

		// Someone on the same network fails on purpose with this email.
		const attacker = new Visitor(app.origin);
		for (let i = 0; i < 5; i++) await attacker.logIn(email, `not the password ${i}`);
		expect((await new Visitor(app.origin).logIn(email, PASSWORD)).status).toBe(429);
		const back = await owner.logIn(email, PASSWORD);
		expect(back.status).toBe(303);
		expect((await owner.get('/home')).status).toBe(200);
	});

	it('signing up with an email that has an account: the same answer, and only a few mails an hour to its owner', async () => {
		quietly();
		const email = uniqueEmail('taken');
		const fields = { email, displayName: 'Tia', password: PASSWORD, kind: 'partner' as const };
		await accounts.signUp(conn.db, fields);
		const now = Date.now();
		const told = () =>
			readDb<{ n: number }>(
				conn.path,
				`select count(*) as n from mail_outbox where to_address = ? and kind = ?`,
				email,
				'signup_existing'
			)[0]!;
		for (let i = 0; i < 5; i++)
			expect(await codeOf(accounts.signUp(conn.db, fields, now))).toBe('ok');
		// All at once: no error either, and no more mail.
		const burst = await Promise.all(
			Array.from({ length: 10 }, () => codeOf(accounts.signUp(conn.db, fields, now + 1)))
		);
		expect(burst).toEqual(Array(10).fill('ok'));
		expect(told().n).toBe(3);
		// An hour later its owner can be told again.
		await accounts.signUp(conn.db, fields, now + 2 * 3_600_000);
		expect(told().n).toBe(4);
		const users = readDb(conn.path, 'select count(*) as n from users where email = ?', email);
		expect(users).toEqual([{ n: 1 }]);
	});
});

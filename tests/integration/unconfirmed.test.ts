import { afterAll, describe, expect, it } from 'vitest';
import { tempDatabase } from '../helpers/db';
import { readDb } from '../helpers/spaces';
import { PASSWORD, uniqueEmail } from '../helpers/http';
import * as accounts from '../../src/lib/server/accounts';
import * as spaces from '../../src/lib/server/spaces';
import { links } from '../../src/lib/server/mail';
import { AppError } from '../../src/lib/server/errors';
import { transaction } from '../../src/lib/server/db';
import { gate, someoneWaits } from '../helpers/races';

const conn = await tempDatabase();
afterAll(() => conn.cleanup());
const DAY = 24 * 3_600_000;

async function signedUp(name: string, now: number) {
	const email = uniqueEmail(name.toLowerCase());
	await accounts.signUp(
		conn.db,
		{ email, displayName: name, password: PASSWORD, kind: 'partner' },
		now
	);
	const [user] = readDb<{ id: string }>(conn.path, 'select id from users where email = ?', email);
	return { id: user!.id, email };
}

/** The link the account's newest mail of this kind carries, made as the sender makes it. */
function linkOf(userId: string, kind: 'verify_email' | 'reset_password'): string {
	const [row] = readDb<{ params: string }>(
		conn.path,
		'select params from mail_outbox where user_id = ? and kind = ? order by created_at desc',
		userId,
		kind
	);
	return links.tokenFor(JSON.parse(row!.params).tokenId);
}
const verifyToken = (userId: string) => linkOf(userId, 'verify_email');
const resetToken = (userId: string) => linkOf(userId, 'reset_password');

const exists = (id: string) => readDb(conn.path, 'select 1 from users where id = ?', id).length > 0;

describe('accounts whose email is not confirmed', () => {
	it('cannot start a space, until the link is opened', async () => {
		const now = Date.now();
		const me = await signedUp('Ines', now);
		const start = () =>
			spaces.create(conn.db, { id: me.id, kind: 'partner' }, { name: 'Ours' }, now);
		await expect(start()).rejects.toThrowError(AppError);
		await expect(start()).rejects.toThrowError('Please confirm your email first');
		expect(await accounts.verifyEmail(conn.db, verifyToken(me.id), now)).toBe(true);
		expect((await start()).spaceId).toBeTruthy();
	});

	it('are removed after a week, with their sessions; confirmed ones stay', async () => {
		const t0 = Date.now();
		const waiting = await signedUp('Wren', t0);
		const confirmed = await signedUp('Cole', t0);
		await accounts.verifyEmail(conn.db, verifyToken(confirmed.id), t0 + 1);
		await accounts.logIn(
			conn.db,
			{ email: waiting.email, password: PASSWORD },
			{ address: '10.1.0.1', device: 'x' },
			t0 + 2
		);

		await accounts.removeUnconfirmed(conn.db, t0 + 7 * DAY - 1);
		expect(exists(waiting.id)).toBe(true);
		await accounts.removeUnconfirmed(conn.db, t0 + 7 * DAY + 1);
		expect(exists(waiting.id)).toBe(false);
		expect(exists(confirmed.id)).toBe(true);
		for (const table of ['sessions', 'email_tokens', 'mail_outbox', 'known_devices'])
			expect(
				readDb(conn.path, `select count(*) as n from ${table} where user_id = ?`, waiting.id)
			).toEqual([{ n: 0 }]);
		// The address is free again for whoever owns it.
		await accounts.signUp(
			conn.db,
			{ email: waiting.email, displayName: 'Wren', password: PASSWORD, kind: 'partner' },
			t0 + 8 * DAY
		);
		expect(
			readDb(
				conn.path,
				"select count(*) as n from mail_outbox where to_address = ? and kind = 'verify_email'",
				waiting.email
			)
		).toEqual([{ n: 1 }]);
	});
});

describe('an unconfirmed account whose email is confirmed while a reset link starts it again', () => {
	it('stays as it is, and the reset link still works after', async () => {
		const now = Date.now();
		const me = await signedUp('Noor', now);
		await accounts.requestReset(conn.db, me.email, { address: '10.2.0.1', device: 'x' }, now);
		const fresh = { displayName: 'Noor again', kind: 'partner' as const };
		const startAgain = () =>
			accounts.resetPassword(conn.db, resetToken(me.id), `${PASSWORD} anew`, fresh, now + 2);
		let outcome: string;
		if (conn.engine === 'postgres') {
			// Confirmed in a transaction not yet committed when the reset reads the account, and
			// committed while the reset waits to remove it.
			const paused = gate();
			const confirming = transaction(conn.db, async (tx) => {
				await accounts.verifyEmail(tx, verifyToken(me.id), now + 1);
				await paused.wait();
			});
			await paused.reached;
			const resetting = startAgain();
			await someoneWaits(conn.db);
			paused.open();
			await confirming;
			outcome = await resetting.then(
				() => 'reset',
				(error: AppError) => error.code
			);
			expect(outcome).toBe('conflict');
		} else {
			// One writer: the confirmation is in before the reset reads the account, and the reset
			// is an ordinary one (the name given for a fresh start goes unused).
			await accounts.verifyEmail(conn.db, verifyToken(me.id), now + 1);
			await startAgain();
			outcome = 'reset';
		}
		const [kept] = readDb<{ id: string; verified: number | null }>(
			conn.path,
			'select id, email_verified_at as verified from users where email = ?',
			me.email
		);
		expect(kept?.id).toBe(me.id);
		expect(kept?.verified).toBeTruthy();
		if (outcome === 'conflict')
			await accounts.resetPassword(
				conn.db,
				resetToken(me.id),
				`${PASSWORD} anew`,
				undefined,
				now + 3
			);
		await expect(
			accounts.logIn(
				conn.db,
				{ email: me.email, password: `${PASSWORD} anew` },
				{ address: '10.2.0.2', device: 'x' },
				now + 4
			)
		).resolves.toBeTruthy();
	});
});

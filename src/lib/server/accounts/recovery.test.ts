import { and, eq, like } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { personRow, tempDatabase, type TempDatabase } from '../../../../tests/helpers/db';
import { loginThrottle, mailOutbox, users } from '../db/schema';
import { openReady, type Connection } from '../db/connection';
import type { Db } from '../db';
import { AppError } from '../errors';
import { signUp } from './index';
import { confirmEmailChange, requestEmailChange } from './email-change';
import { links } from '../mail';
import { transaction } from '../db';
import { gate, someoneWaits } from '../../../../tests/helpers/races';
import { PASSWORD } from '../../../../tests/helpers/http';
import { requestReset } from './recovery';

let conn: TempDatabase;
beforeEach(async () => {
	conn = await tempDatabase();
});
afterEach(async () => {
	await conn.cleanup();
});

const T0 = Date.UTC(2026, 5, 1, 9);
const from = { address: '203.0.113.7', device: 'a browser' };

/** How each of several calls made at once ended: its answer, or the code of the error it gave. */
const outcomes = (calls: Promise<unknown>[]) =>
	Promise.all(
		calls.map((call) =>
			call.then(
				() => 'answered',
				(error: unknown) => (error instanceof AppError ? error.code : String(error))
			)
		)
	);

/**
 * The app's processes: on PostgreSQL four, each with its pool of connections to the test's
 * database; on SQLite (made for one process) the one.
 */
async function processes(): Promise<Db[]> {
	if (conn.engine !== 'postgres') return [conn.db];
	const more = await Promise.all([1, 2, 3].map(() => openReady(conn.path)));
	opened.push(...more);
	return [conn.db, ...more.map((c) => c.db)];
}
const opened: Connection[] = [];
afterEach(async () => {
	await Promise.all(opened.splice(0).map((c) => c.close()));
});

describe('mail asked for many times at once', () => {
	it('answers every request for a reset link from one address, and counts each', async () => {
		const dbs = await processes();
		// Some of the addresses have accounts, most do not.
		await conn.db.insert(users).values(Array.from({ length: 8 }, (_, i) => personRow(`p${i}`)));
		const emails = Array.from({ length: 80 }, (_, i) => `p${i}@example.test`);
		const answers = await outcomes(
			emails.map((email, i) => requestReset(dbs[i % dbs.length]!, email, from, T0))
		);
		expect(answers).toEqual(emails.map(() => 'answered'));
		const [row] = await conn.db
			.select({ failures: loginThrottle.failures })
			.from(loginThrottle)
			.where(eq(loginThrottle.key, `reset-from:${from.address}`));
		expect(row?.failures).toBe(80);
	});

	it('answers every sign-up with an address that has an account, and mails its owner no more than the rule allows', async () => {
		const input = {
			email: 'taken@example.com',
			displayName: 'Someone',
			password: 'a long walk by the river at dusk',
			kind: 'partner' as const
		};
		await signUp(conn.db, input, T0);
		const dbs = await processes();
		const answers = await outcomes(
			Array.from({ length: 24 }, (_, i) => signUp(dbs[i % dbs.length]!, input, T0))
		);
		expect(answers).toEqual(answers.map(() => 'answered'));
		const told = await conn.db
			.select({ id: mailOutbox.id })
			.from(mailOutbox)
			.where(eq(mailOutbox.kind, 'signup_existing'));
		expect(told).toHaveLength(3);
		const counted = await conn.db
			.select({ failures: loginThrottle.failures })
			.from(loginThrottle)
			.where(like(loginThrottle.key, 'signup-existing:%'));
		expect(counted).toEqual([{ failures: 3 }]);
	});
});

describe('a reset link asked for as the account moves to another address', () => {
	it('is not sent to the old address', async () => {
		const old = 'before@example.com';
		await signUp(
			conn.db,
			{ email: old, displayName: 'Mo', password: PASSWORD, kind: 'partner' },
			T0
		);
		const [mo] = await conn.db.select({ id: users.id }).from(users).where(eq(users.email, old));
		await requestEmailChange(
			conn.db,
			mo!.id,
			{ newEmail: 'after@example.com', currentPassword: PASSWORD },
			T0 + 1
		);
		const [change] = await conn.db
			.select({ params: mailOutbox.params })
			.from(mailOutbox)
			.where(eq(mailOutbox.kind, 'confirm_new_email'));
		const token = links.tokenFor(change!.params.tokenId!);
		let asked: boolean;
		if (conn.engine === 'postgres') {
			// The change is made and not yet committed when the reset is asked for.
			const paused = gate();
			const changing = transaction(conn.db, async (tx) => {
				await confirmEmailChange(tx, token, T0 + 2);
				await paused.wait();
			});
			await paused.reached;
			const asking = requestReset(conn.db, old, from, T0 + 3);
			await someoneWaits(conn.db);
			paused.open();
			await changing;
			asked = await asking;
		} else {
			await confirmEmailChange(conn.db, token, T0 + 2);
			asked = await requestReset(conn.db, old, from, T0 + 3);
		}
		expect(asked).toBe(false);
		const toOld = await conn.db
			.select({ id: mailOutbox.id })
			.from(mailOutbox)
			.where(and(eq(mailOutbox.kind, 'reset_password'), eq(mailOutbox.toAddress, old)));
		expect(toOld).toEqual([]);
	});
});

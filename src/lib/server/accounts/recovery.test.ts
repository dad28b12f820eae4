import { eq, like } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { personRow, tempDatabase, type TempDatabase } from '../../../../tests/helpers/db';
import { loginThrottle, mailOutbox, users } from '../db/schema';
import { openReady, type Connection } from '../db/connection';
import type { Db } from '../db';
import { AppError } from '../errors';
import { signUp } from './index';
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

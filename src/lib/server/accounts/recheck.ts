import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { users, type User } from '../db/schema';
import { password, throttle } from '../auth';
import { AppError } from '../errors';

/**
 * Asks a signed-in person for their password again before something that matters (a new
 * password or email, deleting things). Wrong answers are counted for that person alone.
 */
export async function recheckPassword(
	db: DbOrTx,
	userId: string,
	given: string,
	wrong: { message: string; field: string },
	now = Date.now()
): Promise<User> {
	const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
	if (!user) throw new AppError('unauthenticated');
	const attempt = { own: [{ key: throttle.recheckKey(userId), rule: throttle.accountRule }] };
	// Counted before the password is checked: tries sent side by side are each counted in turn
	// (see `throttle.begin`). The right one proves the person, and their count starts afresh.
	if ((await throttle.begin(db, attempt, now)).wait > 0)
		throw new AppError('rate_limited', 'Too many tries. Please wait a little and try again.');
	if (!(await password.verifyPassword(user.passwordHash, given)))
		throw new AppError('invalid', wrong.message, wrong.field);
	await throttle.clear(db, attempt.own[0]!.key);
	return user;
}

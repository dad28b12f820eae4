import { and, eq, isNull } from 'drizzle-orm';
import { transaction, type Db, type DbOrTx } from '../db';
import { users } from '../db/schema';
import { throttle } from '../auth';
import { AppError } from '../errors';
import { log } from '../log';
import * as mail from '../mail';

/** Asking for the link again: a couple of times, then a pause, so nobody can flood an inbox. */
const resendRule: throttle.ThrottleRule = {
	freeFailures: 2,
	baseDelayMs: 5 * 60_000,
	maxDelayMs: 60 * 60_000,
	forgetAfterMs: 60 * 60_000
};

/** Mails a fresh link to confirm the account's address; older ones stop working. */
export async function queueVerification(
	tx: DbOrTx,
	user: { id: string; email: string },
	now: number
): Promise<void> {
	await mail.links.retire(tx, user.id, 'verify', now);
	const tokenId = await mail.links.issue(tx, user.id, 'verify', user.email, now);
	await mail.enqueue(
		tx,
		{ to: user.email, userId: user.id, kind: 'verify_email', params: { tokenId } },
		now
	);
}

/**
 * "Send the link again", for a signed-in person whose address is not confirmed yet. The pause is
 * checked and counted in the transaction that queues the mail, so asking many times at once
 * sends no more than asking one after another.
 */
export async function resendVerification(db: Db, userId: string, now = Date.now()): Promise<void> {
	const keys = [{ key: `verify-again:${userId}`, rule: resendRule }];
	await transaction(db, async (tx) => {
		if ((await throttle.wait(tx, keys, now)) > 0)
			throw new AppError(
				'rate_limited',
				'A link was sent a few moments ago. Please look for it (the spam folder too), or ask again in a few minutes.'
			);
		const [user] = await tx
			.select({ id: users.id, email: users.email })
			.from(users)
			.where(and(eq(users.id, userId), isNull(users.emailVerifiedAt)))
			.limit(1);
		if (!user) return;
		await throttle.recordFailure(tx, keys, now);
		await queueVerification(tx, user, now);
	});
	log.info('verification_resent', { userId });
}

/**
 * Confirms the address a link was sent to, once. A link for an address the account no longer
 * has confirms nothing. Returns whether the address is now confirmed.
 */
export async function verifyEmail(db: Db, token: string, now = Date.now()): Promise<boolean> {
	const verified = await transaction(db, async (tx) => {
		const link = await mail.links.redeem(tx, token, 'verify', now);
		if (!link) return null;
		const changed = await tx
			.update(users)
			.set({ emailVerifiedAt: new Date(now) })
			.where(and(eq(users.id, link.userId), eq(users.email, link.email)))
			.returning({ id: users.id });
		return changed.length > 0 ? link.userId : null;
	});
	if (verified) log.info('email_verified', { userId: verified });
	return verified !== null;
}

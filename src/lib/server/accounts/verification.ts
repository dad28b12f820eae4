import { and, eq, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db';
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
export function queueVerification(tx: DbOrTx, user: { id: string; email: string }, now: number) {
	mail.links.retire(tx, user.id, 'verify', now);
	const tokenId = mail.links.issue(tx, user.id, 'verify', user.email, now);
	mail.enqueue(
		tx,
		{ to: user.email, userId: user.id, kind: 'verify_email', params: { tokenId } },
		now
	);
}

/** "Send the link again", for a signed-in person whose address is not confirmed yet. */
export function resendVerification(db: Db, userId: string, now = Date.now()): void {
	const keys = [{ key: `verify-again:${userId}`, rule: resendRule }];
	if (throttle.wait(db, keys, now) > 0)
		throw new AppError(
			'rate_limited',
			'A link was sent a few moments ago. Please look for it (the spam folder too), or ask again in a few minutes.'
		);
	db.transaction((tx) => {
		const user = tx
			.select({ id: users.id, email: users.email })
			.from(users)
			.where(and(eq(users.id, userId), isNull(users.emailVerifiedAt)))
			.get();
		if (!user) return;
		throttle.recordFailure(tx, keys, now);
		queueVerification(tx, user, now);
	});
	log.info('verification_resent', { userId });
}

/**
 * Confirms the address a link was sent to, once. A link for an address the account no longer
 * has confirms nothing. Returns whether the address is now confirmed.
 */
export function verifyEmail(db: Db, token: string, now = Date.now()): boolean {
	return db.transaction((tx) => {
		const link = mail.links.redeem(tx, token, 'verify', now);
		if (!link) return false;
		const changed = tx
			.update(users)
			.set({ emailVerifiedAt: new Date(now) })
			.where(and(eq(users.id, link.userId), eq(users.email, link.email)))
			.run().changes;
		if (changed) log.info('email_verified', { userId: link.userId });
		return changed > 0;
	});
}

import { and, eq, inArray, isNull, lt } from 'drizzle-orm';
import { forUpdate, transaction, type Db } from '../db';
import { users } from '../db/schema';
import { devices, password, pendingLogins, sessions, throttle } from '../auth';
import { AppError } from '../errors';
import { log } from '../log';
import * as mail from '../mail';
import { endSessions } from '../realtime/io';
import type { Client } from './index';
import type { FreshStart } from './schemas';
import { randomString } from '../auth/tokens';

/**
 * From one address: more room (people share addresses), then a pause for those who have
 * asked themselves within the hour; anyone else is only slowed (see `throttle.judge`).
 */
const perAddress: throttle.ThrottleRule = {
	freeFailures: 10,
	baseDelayMs: 60_000,
	maxDelayMs: 60 * 60_000,
	forgetAfterMs: 60 * 60_000
};

/**
 * Sends a link to set a new password, if an account has this email; the answer is the same
 * either way. Each email gets a few links an hour; past that, asking again changes nothing.
 * Returns whether a message was queued (for the logs and tests, never the page).
 */
export async function requestReset(
	db: Db,
	email: string,
	client: Client,
	now = Date.now()
): Promise<boolean> {
	const attempt: throttle.Attempt = {
		own: [{ key: `reset:${throttle.accountKey(email)}`, rule: throttle.mailToAddressRule }],
		shared: throttle.isKnownAddress(client.address)
			? { key: `reset-from:${client.address}`, rule: perAddress }
			: undefined
	};
	const verdict = await throttle.judge(db, attempt, now);
	if (verdict.by === 'shared') {
		log.warn('reset_throttled', { address: client.address });
		throw new AppError(
			'rate_limited',
			'There have been many requests from here. Please try again in an hour.'
		);
	}
	await throttle.holdFor(verdict);
	const requested = await transaction(
		db,
		async (tx) => {
			// The counts are locked before they are read: requests at once (for one email, or from one
			// address for many) take turns here, rather than each refusing the others, and asking
			// many times at once sends no more links than asking one after another.
			await throttle.lock(tx, throttle.keysOf(attempt));
			const quiet = (await throttle.wait(tx, attempt.own, now)) > 0;
			await throttle.recordFailure(tx, throttle.keysOf(attempt), now);
			// Held while its link is made: an email changed or an account deleted meanwhile is
			// seen here (the row no longer has this email), and no link goes to the address.
			const [user] = await forUpdate(
				tx,
				tx.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1)
			);
			if (!user || quiet) return null;
			await mail.links.retire(tx, user.id, 'reset', now);
			const tokenId = await mail.links.issue(tx, user.id, 'reset', email, now);
			await mail.enqueue(
				tx,
				{ to: email, userId: user.id, kind: 'reset_password', params: { tokenId } },
				now
			);
			return user.id;
		},
		{ locking: true }
	);
	if (requested === null) return false;
	log.info('reset_requested', { userId: requested });
	return true;
}

/**
 * What a reset link leads to: nothing (used, expired or never made), a new password, or, for an
 * account whose email was never confirmed, a clean account.
 */
export async function resetLinkState(
	db: Db,
	token: string,
	now = Date.now()
): Promise<'none' | 'reset' | 'fresh'> {
	const link = await mail.links.find(db, token, 'reset', now);
	if (!link) return 'none';
	const [user] = await db
		.select({ verifiedAt: users.emailVerifiedAt, email: users.email })
		.from(users)
		.where(eq(users.id, link.userId))
		.limit(1);
	// A link proves the address it was sent to, and only while the account has that address.
	if (!user || user.email !== link.email) return 'none';
	return user.verifiedAt ? 'reset' : 'fresh';
}

const EXPIRED = 'This link has expired or has already been used. You can ask for a new one below.';

/**
 * Sets a new password from a reset link: the link is used up, every session ends, every known
 * browser is forgotten, and the account's address is told, with a way back if it was not them.
 *
 * If the account's email was never confirmed, the link (which reached the address) proves more
 * than whoever made the account did: that account is removed whole and a clean, confirmed one
 * starts with the name and type given in `fresh`.
 */
export async function resetPassword(
	db: Db,
	token: string,
	newPassword: string,
	fresh?: Omit<FreshStart, 'newPassword' | 'confirmPassword'>,
	now = Date.now()
): Promise<void> {
	const link = await mail.links.find(db, token, 'reset', now);
	if (!link) throw new AppError('not_found', EXPIRED);
	const [user] = await db.select().from(users).where(eq(users.id, link.userId)).limit(1);
	if (!user || user.email !== link.email) throw new AppError('not_found', EXPIRED);
	const startsClean = !user.emailVerifiedAt;
	if (startsClean && !fresh)
		throw new AppError('invalid', 'Please choose a display name for your account.', 'displayName');
	const problem = await password.passwordProblem(
		newPassword,
		startsClean ? { email: user.email, displayName: fresh!.displayName } : user
	);
	if (problem) throw new AppError('invalid', problem, 'newPassword');
	const passwordHash = await password.hashPassword(newPassword);
	const ended = await transaction(db, async (tx) => {
		// The account first, held (as asking for a link holds it, then its links): whether the
		// address is still its own and confirmed, which decided what this does. Confirmed since
		// (its other link was followed a moment ago), it is no longer one to start again.
		const [current] = await forUpdate(
			tx,
			tx
				.select({ verifiedAt: users.emailVerifiedAt, email: users.email })
				.from(users)
				.where(eq(users.id, user.id))
				.limit(1)
		);
		if (!current || current.email !== link.email) throw new AppError('not_found', EXPIRED);
		if (startsClean && current.verifiedAt)
			throw new AppError(
				'conflict',
				'Your email was confirmed a moment ago, so your account stays as it is. Please open this link again to choose a new password.'
			);
		// Checked again inside the transaction: the same link sent twice at once works once.
		if (!(await mail.links.redeem(tx, token, 'reset', now)))
			throw new AppError('not_found', EXPIRED);
		const ended = await sessions.endAllOf(tx, user.id);
		if (startsClean) {
			// Everything of the old account goes with it (the schema cascades it).
			await tx.delete(users).where(eq(users.id, user.id));
			await tx.insert(users).values({
				id: randomString(),
				email: user.email,
				displayName: fresh!.displayName,
				passwordHash,
				kind: fresh!.kind,
				timeZone: fresh!.timeZone ?? 'UTC',
				createdAt: new Date(now),
				emailVerifiedAt: new Date(now)
			});
			return ended;
		}
		// Two-step verification stays on: the link proves the address, not the second factor.
		await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
		await devices.forgetAllOf(tx, user.id);
		await pendingLogins.forgetAllOf(tx, user.id);
		await mail.enqueue(tx, { to: user.email, userId: user.id, kind: 'password_changed' }, now);
		return ended;
	});
	endSessions(ended, 'password_changed');
	log.info(startsClean ? 'account_started_clean' : 'password_reset', {
		userId: user.id,
		endedSessions: ended.length
	});
}

/** Accounts whose email was not confirmed within a week are removed, with everything of theirs. */
export const UNCONFIRMED_KEPT_MS = 7 * 24 * 3_600_000;

export async function removeUnconfirmed(db: Db, now = Date.now()): Promise<string[]> {
	const removed = await transaction(db, async (tx) => {
		const old = and(
			isNull(users.emailVerifiedAt),
			lt(users.createdAt, new Date(now - UNCONFIRMED_KEPT_MS))
		);
		const ids = (await tx.select({ id: users.id }).from(users).where(old)).map((u) => u.id);
		if (!ids.length) return { count: 0, ended: [] as string[] };
		const ended: string[] = [];
		for (const id of ids) ended.push(...(await sessions.endAllOf(tx, id)));
		await tx.delete(users).where(inArray(users.id, ids));
		return { count: ids.length, ended };
	});
	if (removed.count) log.info('unconfirmed_accounts_removed', { count: removed.count });
	endSessions(removed.ended, 'logged_out');
	return removed.ended;
}

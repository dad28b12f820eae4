import { and, eq, ne } from 'drizzle-orm';
import { transaction, type Db, type DbOrTx } from '../db';
import { users } from '../db/schema';
import { devices, sessions, throttle } from '../auth';
import { AppError } from '../errors';
import { log } from '../log';
import * as mail from '../mail';
import { endSessions } from '../realtime/io';
import { recheckPassword } from './recheck';

async function takenByAnother(tx: DbOrTx, email: string, userId: string): Promise<boolean> {
	const [row] = await tx
		.select({ id: users.id })
		.from(users)
		.where(and(eq(users.email, email), ne(users.id, userId)))
		.limit(1);
	return !!row;
}

/**
 * Starts changing one's email: a link goes to the new address, and nothing changes until it is
 * opened. The answer is the same whether or not the new address belongs to another account
 * (which gets no mail), so the form cannot be used to learn who has one. The links' limit is
 * checked and counted in the transaction that queues the mail.
 */
export async function requestEmailChange(
	db: Db,
	userId: string,
	input: { newEmail: string; currentPassword: string },
	now = Date.now()
): Promise<void> {
	const user = await recheckPassword(
		db,
		userId,
		input.currentPassword,
		{ message: 'Your password was not right. Please try again.', field: 'currentPassword' },
		now
	);
	if (input.newEmail === user.email)
		throw new AppError('invalid', 'That is already the email of your account.', 'newEmail');
	const keys = [{ key: `email-change:${userId}`, rule: throttle.mailToAddressRule }];
	await transaction(db, async (tx) => {
		if ((await throttle.wait(tx, keys, now)) > 0)
			throw new AppError(
				'rate_limited',
				'Several links were sent in the last hour. Please look for them (the spam folder too), or try again later.'
			);
		await throttle.recordFailure(tx, keys, now);
		await mail.links.retire(tx, userId, 'change_email', now);
		if (await takenByAnother(tx, input.newEmail, userId)) return;
		const tokenId = await mail.links.issue(tx, userId, 'change_email', input.newEmail, now);
		await mail.enqueue(
			tx,
			{ to: input.newEmail, userId, kind: 'confirm_new_email', params: { tokenId } },
			now
		);
	});
	log.info('email_change_requested', { userId });
}

const GONE = 'This link has expired or has already been used.';
const TAKEN =
	'That address now belongs to another Trellis account, so it cannot be used for this one.';

/** The account's email becomes `email`, confirmed (a link sent there was opened). */
async function setConfirmedEmail(tx: DbOrTx, userId: string, email: string, now: number) {
	if (await takenByAnother(tx, email, userId)) throw new AppError('conflict', TAKEN);
	await tx
		.update(users)
		.set({ email, emailVerifiedAt: new Date(now) })
		.where(eq(users.id, userId));
}

/**
 * Opening the link sent to the new address: the account's email becomes it (confirmed). The old
 * address, if it was ever confirmed, is told, with a link that puts it back for a week.
 */
export async function confirmEmailChange(
	db: Db,
	token: string,
	now = Date.now()
): Promise<{ email: string }> {
	const changed = await transaction(db, async (tx) => {
		const link = await mail.links.redeem(tx, token, 'change_email', now);
		if (!link) throw new AppError('not_found', GONE);
		const [user] = await tx.select().from(users).where(eq(users.id, link.userId)).limit(1);
		if (!user) throw new AppError('not_found', GONE);
		await setConfirmedEmail(tx, user.id, link.email, now);
		// Links sent to the old address for other things no longer count.
		await mail.links.retire(tx, user.id, 'verify', now);
		await mail.links.retire(tx, user.id, 'reset', now);
		if (user.emailVerifiedAt) {
			await mail.links.retire(tx, user.id, 'undo_email_change', now);
			const tokenId = await mail.links.issue(tx, user.id, 'undo_email_change', user.email, now);
			await mail.enqueue(
				tx,
				{ to: user.email, userId: user.id, kind: 'email_changed', params: { tokenId } },
				now
			);
		}
		return { userId: user.id, email: link.email };
	});
	log.info('email_changed', { userId: changed.userId });
	return { email: changed.email };
}

/** Whether an undo link can still be used (its page shows the button, or says it cannot). */
export async function undoLinkWorks(db: Db, token: string, now = Date.now()): Promise<boolean> {
	return (await mail.links.find(db, token, 'undo_email_change', now)) !== null;
}

/**
 * "This wasn't me", from the old address: the account's email goes back to it, every device is
 * logged out and forgotten, and a new password is the next step (its link goes to that address).
 */
export async function undoEmailChange(db: Db, token: string, now = Date.now()): Promise<void> {
	const ended = await transaction(db, async (tx) => {
		const link = await mail.links.redeem(tx, token, 'undo_email_change', now);
		if (!link) throw new AppError('not_found', GONE);
		await setConfirmedEmail(tx, link.userId, link.email, now);
		await mail.links.retire(tx, link.userId, 'change_email', now);
		await mail.links.retire(tx, link.userId, 'reset', now);
		await devices.forgetAllOf(tx, link.userId);
		return sessions.endAllOf(tx, link.userId);
	});
	endSessions(ended, 'logged_out');
	log.info('email_change_undone', { endedSessions: ended.length });
}

import { and, eq, inArray, like } from 'drizzle-orm';
import { forgetDeleted, forUpdate, transaction, type Db, type DbOrTx } from '../db';
import {
	assessments,
	checkinAnswers,
	checkinSchedules,
	conversationEvents,
	conversations,
	counselorNotes,
	keepingLogs,
	loginThrottle,
	memberships,
	noteDrafts,
	notes,
	safetyChecks,
	sessions as sessionRows,
	sharedItems,
	spaces,
	stageChoices,
	stageReadiness,
	users
} from '../db/schema';
import { throttle } from '../auth';
import { recheckPassword } from './recheck';
import { log } from '../log';
import { endSessions } from '../realtime/io';
import { authorize } from '../policy';
import { closeIn } from '../spaces/membership';
import { eraseWordsOf } from '../agreements/erase';
import * as notify from '../spaces/notify';

/**
 * Real deletion. What a person wrote for themselves, what they shared, their sealed answers
 * and choices, their check-in answers and notes, and their words in conversations are removed
 * from the file (secure_delete overwrites them; the write-ahead log is emptied afterwards).
 * Agreements made together stay with the other partner, without the person's name; what they
 * proposed that was never agreed, and the notes they declined with, go.
 */

/**
 * A person's words in the conversations of these spaces (every space they have been in, for a
 * deleted account) are blanked; the order of events stays whole.
 */
async function blankConversations(
	tx: DbOrTx,
	userId: string,
	spaceIds: readonly string[]
): Promise<void> {
	if (spaceIds.length === 0) return;
	// Each conversation held (on PostgreSQL) before its events are blanked: a message stored since
	// this transaction began makes it start again, and sees that one blanked too; one sent from now
	// on waits, and then finds its sender gone (see `saveState` and `insertEvent` in the
	// conversations service).
	const inScope = (
		await forUpdate(
			tx,
			tx
				.select({ id: conversations.id })
				.from(conversations)
				.where(inArray(conversations.spaceId, [...spaceIds]))
		)
	).map((c) => c.id);
	if (inScope.length === 0) return;
	await tx
		.update(conversationEvents)
		.set({ data: {} })
		.where(
			and(
				eq(conversationEvents.actorId, userId),
				inArray(conversationEvents.conversationId, inScope)
			)
		);
	await tx
		.update(conversations)
		.set({ topic: 'A conversation', agenda: [] })
		.where(and(eq(conversations.createdBy, userId), inArray(conversations.id, inScope)));
}

/** Everything of one person's inside one space, gone. */
export async function eraseIn(tx: DbOrTx, userId: string, spaceId: string): Promise<void> {
	await tx.delete(notes).where(and(eq(notes.authorId, userId), eq(notes.spaceId, spaceId)));
	await tx
		.delete(noteDrafts)
		.where(and(eq(noteDrafts.authorId, userId), eq(noteDrafts.spaceId, spaceId)));
	await tx
		.delete(sharedItems)
		.where(and(eq(sharedItems.authorId, userId), eq(sharedItems.spaceId, spaceId)));
	await tx
		.delete(keepingLogs)
		.where(and(eq(keepingLogs.authorId, userId), eq(keepingLogs.spaceId, spaceId)));
	await tx
		.delete(assessments)
		.where(and(eq(assessments.userId, userId), eq(assessments.spaceId, spaceId)));
	await tx
		.delete(stageChoices)
		.where(and(eq(stageChoices.userId, userId), eq(stageChoices.spaceId, spaceId)));
	await tx
		.delete(stageReadiness)
		.where(and(eq(stageReadiness.userId, userId), eq(stageReadiness.spaceId, spaceId)));
	await tx
		.delete(counselorNotes)
		.where(and(eq(counselorNotes.counselorId, userId), eq(counselorNotes.spaceId, spaceId)));
	const schedules = (
		await tx
			.select({ id: checkinSchedules.id })
			.from(checkinSchedules)
			.where(eq(checkinSchedules.spaceId, spaceId))
	).map((s) => s.id);
	if (schedules.length)
		await tx
			.delete(checkinAnswers)
			.where(and(eq(checkinAnswers.userId, userId), inArray(checkinAnswers.scheduleId, schedules)));
	// What they said about themselves here: whether they feel safe, and how they see what happened.
	await tx
		.delete(safetyChecks)
		.where(and(eq(safetyChecks.userId, userId), eq(safetyChecks.spaceId, spaceId)));
	await tx
		.update(memberships)
		.set({ perspective: null })
		.where(and(eq(memberships.userId, userId), eq(memberships.spaceId, spaceId)));
	await blankConversations(tx, userId, [spaceId]);
	await eraseWordsOf(tx, userId, [spaceId]);
}

function confirm(db: Db, userId: string, given: string, now = Date.now()) {
	return recheckPassword(
		db,
		userId,
		given,
		{ message: 'That password was not right. Nothing has been deleted.', field: 'password' },
		now
	);
}

/**
 * The account and everything of its owner's, gone, in the caller's transaction: the spaces they
 * were in (a partner's active ones now closed), who was let go as they closed, and the sessions
 * that ended.
 */
export async function eraseAccount(
	tx: DbOrTx,
	user: { id: string; email: string },
	now: number
): Promise<{ spaceIds: string[]; letGo: string[]; ended: string[] }> {
	const mine = await tx
		.select({ spaceId: memberships.spaceId, role: memberships.role, status: memberships.status })
		.from(memberships)
		.where(eq(memberships.userId, user.id));
	const letGo: string[] = [];
	for (const m of mine) {
		const [space] = await tx
			.select({ status: spaces.status })
			.from(spaces)
			.where(eq(spaces.id, m.spaceId))
			.limit(1);
		// A partner going closes the space for the other, as leaving does; a counselor going does not.
		if (m.role === 'partner' && m.status === 'active' && space?.status === 'active')
			letGo.push(...(await closeIn(tx, m.spaceId, 'partner_left', now)));
	}
	// Memberships end but are never removed while the account lasts: every space they ever said
	// something in is one of these.
	const spaceIds = mine.map((m) => m.spaceId);
	await blankConversations(tx, user.id, spaceIds);
	await eraseWordsOf(tx, user.id, null);
	const ended = (
		await tx.select({ id: sessionRows.id }).from(sessionRows).where(eq(sessionRows.userId, user.id))
	).map((s) => s.id);
	// Everything else of theirs goes with the account (the schema cascades it).
	await tx.delete(users).where(eq(users.id, user.id));
	await tx
		.delete(loginThrottle)
		.where(like(loginThrottle.key, `${throttle.accountKey(user.email)}%`));
	await throttle.clear(tx, throttle.recheckKey(user.id));
	return { spaceIds, letGo, ended };
}

/** Deletes a person's account and everything of theirs. Their partner's spaces close, kindly. */
export async function deleteAccount(
	db: Db,
	userId: string,
	given: string,
	now = Date.now()
): Promise<void> {
	const user = await confirm(db, userId, given, now);
	const { spaceIds, letGo, ended } = await transaction(db, (tx) => eraseAccount(tx, user, now));
	forgetDeleted(db);
	endSessions(ended, 'logged_out');
	for (const spaceId of spaceIds) {
		await notify.expel(userId, spaceId);
		notify.changed(spaceId, letGo);
	}
	log.info('account_deleted', { userId, spaces: spaceIds.length });
}

/** Leaves a space and deletes everything one wrote in it. The account itself stays. */
export async function leaveAndErase(
	db: Db,
	userId: string,
	spaceId: string,
	given: string,
	now = Date.now()
): Promise<void> {
	const { membership, space } = await authorize(db, userId, 'space.leave', spaceId);
	await confirm(db, userId, given, now);
	const others = await transaction(db, async (tx) => {
		// Read again here: someone else may have closed the space, or this person left it, since.
		const [mine] = await tx
			.select({ status: memberships.status })
			.from(memberships)
			.where(eq(memberships.id, membership.id))
			.limit(1);
		const [current] = await tx
			.select({ status: spaces.status })
			.from(spaces)
			.where(eq(spaces.id, space.id))
			.limit(1);
		await eraseIn(tx, userId, spaceId);
		if ((mine?.status ?? membership.status) !== 'left')
			await tx
				.update(memberships)
				.set({ status: 'left', endedAt: new Date(now) })
				.where(eq(memberships.id, membership.id));
		const closes = membership.role === 'partner' && current?.status === 'active';
		return closes ? closeIn(tx, spaceId, 'partner_left', now) : [];
	});
	forgetDeleted(db);
	await notify.expel(userId, spaceId);
	notify.changed(spaceId, [userId, ...others]);
	log.info('space_left_and_erased', { spaceId, userId, role: membership.role });
}

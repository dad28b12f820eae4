import { and, asc, eq } from 'drizzle-orm';
import { transaction, type Db, type DbOrTx } from '../db';
import { keepingLogs, users } from '../db/schema';
import { randomString } from '../auth/tokens';
import { authorize } from '../policy';
import { mayReadKeepingNote } from '../../domain/policy';
import { AppError } from '../errors';
import { activeVersion, weeklyKeeping, type KeepingOutcome } from '../../domain/agreements';
import * as notify from '../spaces/notify';
import { loadIn } from './store';

/**
 * A partner's word on whether an agreement in force was kept since their last log. The note
 * stays private to them unless they choose to share it. Sent twice, logged once.
 */
export async function logKeeping(
	db: Db,
	userId: string,
	spaceId: string,
	agreementId: string,
	input: { clientId: string; outcome: KeepingOutcome; note: string; noteShared: boolean },
	now = Date.now()
): Promise<{ id: string; created: boolean }> {
	await authorize(db, userId, 'agreement.act', spaceId);
	const result = await transaction(db, async (tx) => {
		const [existing] = await tx
			.select({ id: keepingLogs.id })
			.from(keepingLogs)
			.where(and(eq(keepingLogs.authorId, userId), eq(keepingLogs.clientId, input.clientId)))
			.limit(1);
		if (existing) return { id: existing.id, created: false };
		const { agreement } = await loadIn(tx, spaceId, agreementId);
		const current = activeVersion(agreement);
		if (!current || agreement.retiredAt !== null)
			throw new AppError('conflict', 'Only an agreement that is in force can be kept track of.');
		const id = randomString();
		await tx.insert(keepingLogs).values({
			id,
			agreementId,
			spaceId,
			authorId: userId,
			version: current.number,
			outcome: input.outcome,
			note: input.note,
			noteShared: input.note !== '' && input.noteShared,
			clientId: input.clientId,
			loggedAt: new Date(now)
		});
		return { id, created: true };
	});
	if (result.created) notify.changed(spaceId);
	return result;
}

function logsWhere(db: DbOrTx, where: ReturnType<typeof and>) {
	return db
		.select({ log: keepingLogs, authorName: users.displayName })
		.from(keepingLogs)
		.innerJoin(users, eq(users.id, keepingLogs.authorId))
		.where(where)
		.orderBy(asc(keepingLogs.loggedAt));
}

/** An agreement's keeping record over time; a note appears only to its author, or if shared. */
export async function record(db: DbOrTx, userId: string, spaceId: string, agreementId: string) {
	await authorize(db, userId, 'agreement.view', spaceId);
	return (
		await logsWhere(
			db,
			and(eq(keepingLogs.spaceId, spaceId), eq(keepingLogs.agreementId, agreementId))
		)
	).map(({ log, authorName }) => ({
		id: log.id,
		authorName,
		mine: log.authorId === userId,
		version: log.version,
		outcome: log.outcome,
		loggedAt: log.loggedAt.getTime(),
		note: mayReadKeepingNote(userId, log) ? log.note : null,
		noteShared: log.noteShared
	}));
}

/** The whole space's keeping, week by week, and each partner's share of "kept". */
export async function consistency(db: DbOrTx, userId: string, spaceId: string) {
	await authorize(db, userId, 'agreement.view', spaceId);
	const rows = (await logsWhere(db, eq(keepingLogs.spaceId, spaceId))).map(
		({ log, authorName }) => ({
			authorId: log.authorId,
			authorName,
			agreementId: log.agreementId,
			outcome: log.outcome,
			loggedAt: log.loggedAt.getTime()
		})
	);
	return { weeks: weeklyKeeping(rows), total: rows.length, logs: rows };
}

import { and, eq, inArray, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx } from '../db';
import { counselorDecisions, memberships, spaces, users } from '../db/schema';

/**
 * When a counselor's request to join ends without them being admitted, two people are told,
 * kindly, on their home page until they put the notice away: the counselor, and a partner who
 * had approved them (the other partner declined, so they know already). Each notice is only
 * ever its reader's: it is looked up by their own id.
 */
export type DeclineNotice =
	| { kind: 'request'; id: string; spaceName: string; reason: 'declined' | 'closed' }
	| { kind: 'approval'; id: string; spaceId: string; spaceName: string; counselorName: string };

const request = alias(memberships, 'request');
const mine = alias(memberships, 'mine');

/** Of these counselor requests, the ones a partner declined. */
async function declinedAmong(db: DbOrTx, membershipIds: string[]): Promise<Set<string>> {
	if (!membershipIds.length) return new Set();
	return new Set(
		(
			await db
				.select({ id: counselorDecisions.membershipId })
				.from(counselorDecisions)
				.where(
					and(
						inArray(counselorDecisions.membershipId, membershipIds),
						eq(counselorDecisions.decision, 'declined')
					)
				)
		).map((d) => d.id)
	);
}

export async function declineNotices(db: DbOrTx, userId: string): Promise<DeclineNotice[]> {
	// As a counselor: requests of theirs that ended without admission, not yet put away.
	const ended = await db
		.select({ id: memberships.id, spaceName: spaces.name, spaceStatus: spaces.status })
		.from(memberships)
		.innerJoin(spaces, eq(spaces.id, memberships.spaceId))
		.where(
			and(
				eq(memberships.userId, userId),
				eq(memberships.role, 'counselor'),
				eq(memberships.status, 'declined'),
				isNull(memberships.endNoticeSeenAt)
			)
		);
	const declinedBy = await declinedAmong(
		db,
		ended.map((e) => e.id)
	);
	// As a partner: counselors they approved whom the other partner declined.
	const approved = await db
		.select({
			id: request.id,
			spaceId: spaces.id,
			spaceName: spaces.name,
			counselorName: users.displayName
		})
		.from(counselorDecisions)
		.innerJoin(request, eq(request.id, counselorDecisions.membershipId))
		.innerJoin(spaces, eq(spaces.id, request.spaceId))
		.innerJoin(users, eq(users.id, request.userId))
		.innerJoin(mine, and(eq(mine.spaceId, request.spaceId), eq(mine.userId, userId)))
		.where(
			and(
				eq(counselorDecisions.partnerId, userId),
				eq(counselorDecisions.decision, 'approved'),
				isNull(counselorDecisions.outcomeSeenAt),
				eq(request.status, 'declined'),
				eq(mine.role, 'partner')
			)
		);
	const otherDeclined = await declinedAmong(
		db,
		approved.map((a) => a.id)
	);
	return [
		...ended.map((e) => ({
			kind: 'request' as const,
			id: e.id,
			spaceName: e.spaceName,
			reason: declinedBy.has(e.id) ? ('declined' as const) : ('closed' as const)
		})),
		// A request that ended because the space closed is no news to a partner.
		...approved
			.filter((a) => otherDeclined.has(a.id))
			.map((a) => ({ kind: 'approval' as const, ...a }))
	];
}

/** Puts a notice away. Only one's own can be named; doing it twice changes nothing. */
export async function dismissNotice(
	db: Db,
	userId: string,
	input: { kind: 'request' | 'approval'; id: string },
	now = Date.now()
): Promise<void> {
	if (input.kind === 'request')
		await db
			.update(memberships)
			.set({ endNoticeSeenAt: new Date(now) })
			.where(
				and(
					eq(memberships.id, input.id),
					eq(memberships.userId, userId),
					eq(memberships.status, 'declined'),
					isNull(memberships.endNoticeSeenAt)
				)
			);
	else
		await db
			.update(counselorDecisions)
			.set({ outcomeSeenAt: new Date(now) })
			.where(
				and(
					eq(counselorDecisions.membershipId, input.id),
					eq(counselorDecisions.partnerId, userId),
					isNull(counselorDecisions.outcomeSeenAt)
				)
			);
}

import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db';
import { counselorDecisions, invites, memberships, safetyChecks, spaces } from '../db/schema';
import { randomString } from '../auth/tokens';
import { authorize, mustHaveConfirmedEmail, whoMayKnow } from '../policy';
import { tell } from '../notifications';
import { AppError } from '../errors';
import { log } from '../log';
import {
	afterLeaving,
	counselorOutcome,
	joinRefusal,
	joinRefusalMessages,
	type CounselorDecision,
	type MemberRole,
	type Perspective,
	type SafetyAnswer
} from '../../domain/spaces';
import { findGuarded, joinFacts } from './invites';
import * as notify from './notify';
import * as members from './members';

export function recordSafety(
	tx: DbOrTx,
	spaceId: string,
	userId: string,
	answer: SafetyAnswer,
	now: number
) {
	const row = { spaceId, userId, answer, answeredAt: new Date(now) };
	tx.insert(safetyChecks)
		.values(row)
		.onConflictDoUpdate({
			target: [safetyChecks.spaceId, safetyChecks.userId],
			set: { answer, answeredAt: row.answeredAt }
		})
		.run();
}

/**
 * Redeems an invite. The single-use check and the partner limit are decided inside one
 * transaction, so two people using the same link at once cannot both get in.
 */
export async function join(
	db: Db,
	user: { id: string; kind: MemberRole },
	secret: string,
	input: { perspective?: Perspective; safety?: SafetyAnswer },
	now = Date.now(),
	address?: string
): Promise<{ spaceId: string; role: MemberRole; pending: boolean }> {
	mustHaveConfirmedEmail(db, user.id);
	// A wrong guess is counted before, and apart from, the transaction that redeems.
	const found = await findGuarded(db, user.id, secret, now, address);
	if (!found)
		throw new AppError(
			'not_found',
			'We could not find that invite. Please check the link or code.'
		);
	const result = db.transaction((tx) => {
		const invite = tx.select().from(invites).where(eq(invites.id, found.id)).get();
		if (!invite)
			throw new AppError(
				'not_found',
				'We could not find that invite. Please check the link or code.'
			);
		const refusal = joinRefusal(joinFacts(tx, invite, user), now);
		if (refusal) throw new AppError('conflict', joinRefusalMessages[refusal]);
		tx.update(invites)
			.set({ usedAt: new Date(now), usedBy: user.id })
			.where(eq(invites.id, invite.id))
			.run();
		const pending = invite.role === 'counselor';
		const values = {
			role: invite.role,
			status: pending ? ('pending' as const) : ('active' as const),
			perspective: invite.role === 'partner' ? (input.perspective ?? null) : null,
			joinedAt: new Date(now),
			endedAt: null,
			endNoticeSeenAt: null
		};
		// Someone who left, was declined or removed may come back with a fresh invite.
		tx.insert(memberships)
			.values({ id: randomString(), spaceId: invite.spaceId, userId: user.id, ...values })
			.onConflictDoUpdate({ target: [memberships.spaceId, memberships.userId], set: values })
			.run();
		// A counselor coming back starts from nothing: earlier approvals do not carry over.
		const { id: membershipId } = tx
			.select({ id: memberships.id })
			.from(memberships)
			.where(and(eq(memberships.spaceId, invite.spaceId), eq(memberships.userId, user.id)))
			.get()!;
		tx.delete(counselorDecisions).where(eq(counselorDecisions.membershipId, membershipId)).run();
		if (invite.role === 'partner' && input.safety)
			recordSafety(tx, invite.spaceId, user.id, input.safety, now);
		// The partners hear that the other joined, or that a counselor asks to (they decide).
		tell(
			tx,
			whoMayKnow(tx, invite.spaceId, (v) => v.role === 'partner', user.id),
			pending
				? {
						kind: 'counselor_asking',
						spaceId: invite.spaceId,
						path: `/spaces/${invite.spaceId}/settings`
					}
				: { kind: 'partner_joined', spaceId: invite.spaceId, path: `/spaces/${invite.spaceId}` },
			now
		);
		return { spaceId: invite.spaceId, role: invite.role, pending };
	});
	if (!result.pending) notify.admit(user.id, result.spaceId);
	notify.changed(result.spaceId, [user.id]);
	log.info('space_joined', { spaceId: result.spaceId, userId: user.id, role: result.role });
	return result;
}

function counselorMembership(tx: DbOrTx, spaceId: string, counselorId: string) {
	const row = tx
		.select()
		.from(memberships)
		.where(
			and(
				eq(memberships.spaceId, spaceId),
				eq(memberships.userId, counselorId),
				eq(memberships.role, 'counselor')
			)
		)
		.get();
	return row;
}

/** A partner approves or declines a pending counselor; both approvals admit them. */
export function decideCounselor(
	db: Db,
	partnerId: string,
	spaceId: string,
	counselorId: string,
	decision: CounselorDecision,
	now = Date.now()
): 'pending' | 'approved' | 'declined' {
	authorize(db, partnerId, 'space.decideCounselor', spaceId);
	const outcome = db.transaction((tx) => {
		const m = counselorMembership(tx, spaceId, counselorId);
		if (!m || m.status !== 'pending')
			throw new AppError('not_found', 'That counselor is not waiting for approval.');
		tx.insert(counselorDecisions)
			.values({ membershipId: m.id, partnerId, decision, decidedAt: new Date(now) })
			.onConflictDoUpdate({
				target: [counselorDecisions.membershipId, counselorDecisions.partnerId],
				set: { decision, decidedAt: new Date(now) }
			})
			.run();
		const decisions = new Map(
			tx
				.select()
				.from(counselorDecisions)
				.where(eq(counselorDecisions.membershipId, m.id))
				.all()
				.map((d) => [d.partnerId, d.decision] as const)
		);
		const result = counselorOutcome(
			members.partnersOf(tx, spaceId).map((p) => p.userId),
			decisions
		);
		// A counselor counts as joined from admission: what was shared before is not theirs to see.
		if (result === 'approved') {
			tx.update(memberships)
				.set({ status: 'active', joinedAt: new Date(now) })
				.where(eq(memberships.id, m.id))
				.run();
			tell(
				tx,
				[counselorId],
				{ kind: 'counselor_admitted', spaceId, path: `/spaces/${spaceId}` },
				now
			);
		}
		if (result === 'declined') {
			tx.update(memberships)
				.set({ status: 'declined', endedAt: new Date(now) })
				.where(eq(memberships.id, m.id))
				.run();
			// Told kindly, on their home page and as they chose to be told of such things: the
			// counselor, and a partner who had approved them.
			tell(tx, [counselorId], { kind: 'counselor_declined', spaceId, path: '/home' }, now);
			tell(
				tx,
				[...decisions].filter(([id, d]) => id !== partnerId && d === 'approved').map(([id]) => id),
				{ kind: 'counselor_not_joining', spaceId, path: '/home' },
				now
			);
		}
		return result;
	});
	if (outcome === 'approved') notify.admit(counselorId, spaceId);
	notify.changed(spaceId, [counselorId]);
	log.info('counselor_decision', { spaceId, partnerId, decision, outcome });
	return outcome;
}

/** How many counselors ask to join and wait for this partner's answer (not yet given). */
export function counselorsAwaiting(db: DbOrTx, partnerId: string, spaceId: string): number {
	authorize(db, partnerId, 'space.decideCounselor', spaceId);
	return db
		.select({ id: memberships.id })
		.from(memberships)
		.leftJoin(
			counselorDecisions,
			and(
				eq(counselorDecisions.membershipId, memberships.id),
				eq(counselorDecisions.partnerId, partnerId)
			)
		)
		.where(
			and(
				eq(memberships.spaceId, spaceId),
				eq(memberships.role, 'counselor'),
				eq(memberships.status, 'pending'),
				isNull(counselorDecisions.partnerId)
			)
		)
		.all().length;
}

export function removeCounselor(
	db: Db,
	partnerId: string,
	spaceId: string,
	counselorId: string,
	now = Date.now()
): void {
	authorize(db, partnerId, 'space.removeCounselor', spaceId);
	const m = counselorMembership(db, spaceId, counselorId);
	if (!m || (m.status !== 'active' && m.status !== 'pending'))
		throw new AppError('not_found', 'That counselor is not part of this space.');
	db.update(memberships)
		.set({ status: 'removed', endedAt: new Date(now) })
		.where(eq(memberships.id, m.id))
		.run();
	notify.expel(counselorId, spaceId);
	notify.changed(spaceId, [counselorId]);
	log.info('counselor_removed', { spaceId, partnerId });
}

export function setPerspective(
	db: Db,
	userId: string,
	spaceId: string,
	perspective: Perspective | null
): void {
	const { membership } = authorize(db, userId, 'space.setPerspective', spaceId);
	db.update(memberships).set({ perspective }).where(eq(memberships.id, membership.id)).run();
}

export function answerSafety(
	db: Db,
	userId: string,
	spaceId: string,
	answer: SafetyAnswer,
	now = Date.now()
): void {
	authorize(db, userId, 'space.answerSafety', spaceId);
	recordSafety(db, spaceId, userId, answer, now);
}

/** The person's own safety answer; there is deliberately no way to read anyone else's. */
export function ownSafety(db: DbOrTx, userId: string, spaceId: string): SafetyAnswer | null {
	return (
		db
			.select({ answer: safetyChecks.answer })
			.from(safetyChecks)
			.where(and(eq(safetyChecks.spaceId, spaceId), eq(safetyChecks.userId, userId)))
			.get()?.answer ?? null
	);
}

/** Leaving: a partner leaving closes the space for both; a counselor simply goes. */
/**
 * Makes a space read-only: open invites stop working, and a counselor still waiting for
 * approval is let go (they will not get it now). Returns who was let go, to tell them.
 */
export function closeIn(
	tx: DbOrTx,
	spaceId: string,
	reason: 'partner_left' | 'stepped_back',
	now: number
): string[] {
	tx.update(spaces)
		.set({ status: 'closed', closedAt: new Date(now), closedReason: reason })
		.where(eq(spaces.id, spaceId))
		.run();
	tx.update(invites)
		.set({ revokedAt: new Date(now) })
		.where(and(eq(invites.spaceId, spaceId), isNull(invites.usedAt), isNull(invites.revokedAt)))
		.run();
	return tx
		.update(memberships)
		.set({ status: 'declined', endedAt: new Date(now) })
		.where(and(eq(memberships.spaceId, spaceId), eq(memberships.status, 'pending')))
		.returning({ userId: memberships.userId })
		.all()
		.map((r) => r.userId);
}

export function leave(
	db: Db,
	userId: string,
	spaceId: string,
	now = Date.now()
): { closed: boolean } {
	const { membership, space } = authorize(db, userId, 'space.leave', spaceId);
	if (membership.status === 'left') return { closed: false }; // gone already: nothing changes
	const { closeSpace } = afterLeaving(membership.role, space.status);
	const others = db.transaction((tx) => {
		tx.update(memberships)
			.set({ status: 'left', endedAt: new Date(now) })
			.where(eq(memberships.id, membership.id))
			.run();
		const others = tx
			.select({ id: memberships.userId })
			.from(memberships)
			.where(
				and(eq(memberships.spaceId, spaceId), inArray(memberships.status, ['active', 'pending']))
			)
			.all()
			.map((r) => r.id);
		if (closeSpace) closeIn(tx, spaceId, 'partner_left', now);
		return others;
	});
	notify.expel(userId, spaceId);
	notify.changed(spaceId, [userId, ...others]);
	log.info('space_left', { spaceId, userId, role: membership.role, closed: closeSpace });
	return { closed: closeSpace };
}

import { and, eq, inArray, isNull } from 'drizzle-orm';
import { transaction, type Db, type DbOrTx } from '../db';
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

export async function recordSafety(
	tx: DbOrTx,
	spaceId: string,
	userId: string,
	answer: SafetyAnswer,
	now: number
): Promise<void> {
	const row = { spaceId, userId, answer, answeredAt: new Date(now) };
	await tx
		.insert(safetyChecks)
		.values(row)
		.onConflictDoUpdate({
			target: [safetyChecks.spaceId, safetyChecks.userId],
			set: { answer, answeredAt: row.answeredAt }
		});
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
	await mustHaveConfirmedEmail(db, user.id);
	// A wrong guess is counted before, and apart from, the transaction that redeems.
	const found = await findGuarded(db, user.id, secret, now, address);
	if (!found)
		throw new AppError(
			'not_found',
			'We could not find that invite. Please check the link or code.'
		);
	const result = await transaction(db, async (tx) => {
		const [invite] = await tx.select().from(invites).where(eq(invites.id, found.id)).limit(1);
		if (!invite)
			throw new AppError(
				'not_found',
				'We could not find that invite. Please check the link or code.'
			);
		const refusal = joinRefusal(await joinFacts(tx, invite, user), now);
		if (refusal) throw new AppError('conflict', joinRefusalMessages[refusal]);
		await tx
			.update(invites)
			.set({ usedAt: new Date(now), usedBy: user.id })
			.where(eq(invites.id, invite.id));
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
		await tx
			.insert(memberships)
			.values({ id: randomString(), spaceId: invite.spaceId, userId: user.id, ...values })
			.onConflictDoUpdate({ target: [memberships.spaceId, memberships.userId], set: values });
		// A counselor coming back starts from nothing: earlier approvals do not carry over.
		const [joined] = await tx
			.select({ id: memberships.id })
			.from(memberships)
			.where(and(eq(memberships.spaceId, invite.spaceId), eq(memberships.userId, user.id)))
			.limit(1);
		await tx.delete(counselorDecisions).where(eq(counselorDecisions.membershipId, joined!.id));
		if (invite.role === 'partner' && input.safety)
			await recordSafety(tx, invite.spaceId, user.id, input.safety, now);
		// The partners hear that the other joined, or that a counselor asks to (they decide).
		await tell(
			tx,
			await whoMayKnow(tx, invite.spaceId, (v) => v.role === 'partner', user.id),
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

async function counselorMembership(tx: DbOrTx, spaceId: string, counselorId: string) {
	const [row] = await tx
		.select()
		.from(memberships)
		.where(
			and(
				eq(memberships.spaceId, spaceId),
				eq(memberships.userId, counselorId),
				eq(memberships.role, 'counselor')
			)
		)
		.limit(1);
	return row;
}

/** A partner approves or declines a pending counselor; both approvals admit them. */
export async function decideCounselor(
	db: Db,
	partnerId: string,
	spaceId: string,
	counselorId: string,
	decision: CounselorDecision,
	now = Date.now()
): Promise<'pending' | 'approved' | 'declined'> {
	await authorize(db, partnerId, 'space.decideCounselor', spaceId);
	const outcome = await transaction(db, async (tx) => {
		const m = await counselorMembership(tx, spaceId, counselorId);
		if (!m || m.status !== 'pending')
			throw new AppError('not_found', 'That counselor is not waiting for approval.');
		await tx
			.insert(counselorDecisions)
			.values({ membershipId: m.id, partnerId, decision, decidedAt: new Date(now) })
			.onConflictDoUpdate({
				target: [counselorDecisions.membershipId, counselorDecisions.partnerId],
				set: { decision, decidedAt: new Date(now) }
			});
		const decisions = new Map(
			(
				await tx.select().from(counselorDecisions).where(eq(counselorDecisions.membershipId, m.id))
			).map((d) => [d.partnerId, d.decision] as const)
		);
		const result = counselorOutcome(
			(await members.partnersOf(tx, spaceId)).map((p) => p.userId),
			decisions
		);
		// A counselor counts as joined from admission: what was shared before is not theirs to see.
		if (result === 'approved') {
			await tx
				.update(memberships)
				.set({ status: 'active', joinedAt: new Date(now) })
				.where(eq(memberships.id, m.id));
			await tell(
				tx,
				[counselorId],
				{ kind: 'counselor_admitted', spaceId, path: `/spaces/${spaceId}` },
				now
			);
		}
		if (result === 'declined') {
			await tx
				.update(memberships)
				.set({ status: 'declined', endedAt: new Date(now) })
				.where(eq(memberships.id, m.id));
			// Told kindly, on their home page and as they chose to be told of such things: the
			// counselor, and a partner who had approved them.
			await tell(tx, [counselorId], { kind: 'counselor_declined', spaceId, path: '/home' }, now);
			await tell(
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
export async function counselorsAwaiting(
	db: DbOrTx,
	partnerId: string,
	spaceId: string
): Promise<number> {
	await authorize(db, partnerId, 'space.decideCounselor', spaceId);
	const waiting = await db
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
		);
	return waiting.length;
}

export async function removeCounselor(
	db: Db,
	partnerId: string,
	spaceId: string,
	counselorId: string,
	now = Date.now()
): Promise<void> {
	await authorize(db, partnerId, 'space.removeCounselor', spaceId);
	await transaction(db, async (tx) => {
		const m = await counselorMembership(tx, spaceId, counselorId);
		if (!m || (m.status !== 'active' && m.status !== 'pending'))
			throw new AppError('not_found', 'That counselor is not part of this space.');
		await tx
			.update(memberships)
			.set({ status: 'removed', endedAt: new Date(now) })
			.where(eq(memberships.id, m.id));
	});
	await notify.expel(counselorId, spaceId);
	notify.changed(spaceId, [counselorId]);
	log.info('counselor_removed', { spaceId, partnerId });
}

export async function setPerspective(
	db: Db,
	userId: string,
	spaceId: string,
	perspective: Perspective | null
): Promise<void> {
	const { membership } = await authorize(db, userId, 'space.setPerspective', spaceId);
	await db.update(memberships).set({ perspective }).where(eq(memberships.id, membership.id));
}

export async function answerSafety(
	db: Db,
	userId: string,
	spaceId: string,
	answer: SafetyAnswer,
	now = Date.now()
): Promise<void> {
	await authorize(db, userId, 'space.answerSafety', spaceId);
	await recordSafety(db, spaceId, userId, answer, now);
}

/** The person's own safety answer; there is deliberately no way to read anyone else's. */
export async function ownSafety(
	db: DbOrTx,
	userId: string,
	spaceId: string
): Promise<SafetyAnswer | null> {
	const [row] = await db
		.select({ answer: safetyChecks.answer })
		.from(safetyChecks)
		.where(and(eq(safetyChecks.spaceId, spaceId), eq(safetyChecks.userId, userId)))
		.limit(1);
	return row?.answer ?? null;
}

/** Leaving: a partner leaving closes the space for both; a counselor simply goes. */
/**
 * Makes a space read-only: open invites stop working, and a counselor still waiting for
 * approval is let go (they will not get it now). Returns who was let go, to tell them.
 */
export async function closeIn(
	tx: DbOrTx,
	spaceId: string,
	reason: 'partner_left' | 'stepped_back',
	now: number
): Promise<string[]> {
	await tx
		.update(spaces)
		.set({ status: 'closed', closedAt: new Date(now), closedReason: reason })
		.where(eq(spaces.id, spaceId));
	await tx
		.update(invites)
		.set({ revokedAt: new Date(now) })
		.where(and(eq(invites.spaceId, spaceId), isNull(invites.usedAt), isNull(invites.revokedAt)));
	const letGo = await tx
		.update(memberships)
		.set({ status: 'declined', endedAt: new Date(now) })
		.where(and(eq(memberships.spaceId, spaceId), eq(memberships.status, 'pending')))
		.returning({ userId: memberships.userId });
	return letGo.map((r) => r.userId);
}

export async function leave(
	db: Db,
	userId: string,
	spaceId: string,
	now = Date.now()
): Promise<{ closed: boolean }> {
	const { membership } = await authorize(db, userId, 'space.leave', spaceId);
	const left = await transaction(db, async (tx) => {
		// Read again where it is changed: leaving twice at once leaves once.
		const [mine] = await tx
			.select({ status: memberships.status })
			.from(memberships)
			.where(eq(memberships.id, membership.id))
			.limit(1);
		if (!mine || mine.status === 'left') return null; // gone already: nothing changes
		const [space] = await tx
			.select({ status: spaces.status })
			.from(spaces)
			.where(eq(spaces.id, spaceId))
			.limit(1);
		const { closeSpace } = afterLeaving(membership.role, space?.status ?? 'closed');
		await tx
			.update(memberships)
			.set({ status: 'left', endedAt: new Date(now) })
			.where(eq(memberships.id, membership.id));
		const others = (
			await tx
				.select({ id: memberships.userId })
				.from(memberships)
				.where(
					and(eq(memberships.spaceId, spaceId), inArray(memberships.status, ['active', 'pending']))
				)
		).map((r) => r.id);
		if (closeSpace) await closeIn(tx, spaceId, 'partner_left', now);
		return { others, closeSpace };
	});
	if (!left) return { closed: false };
	const { others, closeSpace } = left;
	await notify.expel(userId, spaceId);
	notify.changed(spaceId, [userId, ...others]);
	log.info('space_left', { spaceId, userId, role: membership.role, closed: closeSpace });
	return { closed: closeSpace };
}

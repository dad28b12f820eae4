import { and, desc, eq, inArray } from 'drizzle-orm';
import { transaction, type Db, type DbOrTx } from '../db';
import { alias } from 'drizzle-orm/pg-core';
import { counselorDecisions, memberships, spaces } from '../db/schema';
import { randomString } from '../auth/tokens';
import { authorize, mustHaveConfirmedEmail } from '../policy';
import type { SpaceAction } from '../../domain/policy';
import { AppError } from '../errors';
import { log } from '../log';
import {
	DEFAULT_SPACE_NAME,
	MAX_PARTNERS,
	type MemberRole,
	type Perspective,
	type SafetyAnswer
} from '../../domain/spaces';
import { stageName } from '../../domain/stages';
import { issueIn, openIn } from './invites';
import { recordSafety } from './membership';
import { hereAndWaiting, namedMembersIn } from './members';
import * as agreements from '../agreements';
import { titleOf } from '../../domain/agreements';
import * as sharing from '../sharing';
import * as conversations from '../conversations';
import * as checkins from '../checkins';

export * from './schemas';
export { declineNotices, dismissNotice, type DeclineNotice } from './declines';
export {
	issue as issueInvite,
	revoke as revokeInvite,
	preview as previewInvite,
	find as findInvite,
	findGuarded as checkInvite,
	isCode as isInviteCode,
	linkIsSpent as inviteLinkIsSpent,
	codeCheck as inviteCodeCheck,
	codeWasChecked as inviteCodeWasChecked
} from './invites';
export {
	join,
	decideCounselor,
	counselorsAwaiting,
	removeCounselor,
	setPerspective,
	answerSafety,
	ownSafety,
	leave
} from './membership';

/** A partner starts a space: they are its first partner, and an invite for the other is ready. */
export async function create(
	db: Db,
	user: { id: string; kind: MemberRole },
	input: { name: string; perspective?: Perspective; safety?: SafetyAnswer; clientId?: string },
	now = Date.now()
) {
	if (user.kind !== 'partner')
		throw new AppError(
			'forbidden',
			'Spaces are started by partners. As a counselor, you join through an invite from a couple.'
		);
	await mustHaveConfirmedEmail(db, user.id);
	const made = await transaction(db, async (tx) => {
		// The same form sent again (a double click, a resend after a dropped connection): the space
		// it started, with no second invite (the first one's secret was shown once, when it was made).
		if (input.clientId) {
			const [started] = await tx
				.select({ id: spaces.id })
				.from(spaces)
				.where(and(eq(spaces.createdBy, user.id), eq(spaces.clientId, input.clientId)))
				.limit(1);
			if (started) return { spaceId: started.id, invite: null, created: false };
		}
		const spaceId = randomString();
		await tx.insert(spaces).values({
			id: spaceId,
			name: input.name || DEFAULT_SPACE_NAME,
			createdBy: user.id,
			clientId: input.clientId ?? null,
			createdAt: new Date(now)
		});
		await tx.insert(memberships).values({
			id: randomString(),
			spaceId,
			userId: user.id,
			role: 'partner',
			status: 'active',
			perspective: input.perspective ?? null,
			joinedAt: new Date(now)
		});
		if (input.safety) await recordSafety(tx, spaceId, user.id, input.safety, now);
		const invite = await issueIn(tx, spaceId, 'partner', user.id, now);
		return { spaceId, invite, created: true };
	});
	const { spaceId, invite } = made;
	if (!made.created) return { spaceId, invite };
	log.info('space_created', { spaceId, userId: user.id });
	return { spaceId, invite };
}

/** The spaces on a person's home page, newest first, including those they were asked to join. */
export async function listFor(db: DbOrTx, userId: string) {
	const mine = await db
		.select({
			id: spaces.id,
			name: spaces.name,
			status: spaces.status,
			stage: spaces.stage,
			role: memberships.role,
			membership: memberships.status,
			membershipId: memberships.id
		})
		.from(memberships)
		.innerJoin(spaces, eq(spaces.id, memberships.spaceId))
		.where(
			and(
				eq(memberships.userId, userId),
				inArray(memberships.status, ['active', 'pending', 'left'])
			)
		)
		.orderBy(desc(memberships.joinedAt));
	const ids = mine.map((s) => s.id);
	const people = await namedMembersIn(db, ids);
	// A counselor who left is no longer told anything about the space.
	const listed = mine.filter((s) => !(s.role === 'counselor' && s.membership === 'left'));
	const waitingOn = listed.filter((s) => s.membership === 'pending').map((s) => s.membershipId);
	const approvals = await approvalsOf(db, waitingOn);
	return listed.map(({ membershipId, ...s }) => ({
		...s,
		/**
		 * For a counselor waiting to be admitted: how many of the partners have approved so far
		 * (never who, nor whether anyone declined: a decline ends the request at once).
		 */
		approvals:
			s.membership === 'pending'
				? approvals.filter((a) => a.membershipId === membershipId).length
				: null,
		// A counselor not yet admitted learns the name they were invited to, nothing more.
		...(s.membership === 'pending' ? { status: 'active' as const, stage: 0 } : {}),
		stageName: s.membership === 'pending' ? '' : stageName(s.stage),
		// A counselor not yet admitted sees no names; everyone else sees the partners.
		partners:
			s.membership === 'pending'
				? []
				: people
						.filter((p) => p.spaceId === s.id && p.role === 'partner' && p.userId !== userId)
						.map((p) => p.name)
	}));
}

/** A counselor's request to join, seen from the partners' side of the table. */
const asked = alias(memberships, 'asked');

/**
 * The approvals so far of counselors waiting to be admitted (by their membership ids), from
 * partners still in the space: one row per approval.
 */
async function approvalsOf(db: DbOrTx, waitingOn: string[]) {
	if (!waitingOn.length) return [];
	return db
		.select({ membershipId: counselorDecisions.membershipId })
		.from(counselorDecisions)
		.innerJoin(asked, eq(asked.id, counselorDecisions.membershipId))
		.innerJoin(
			memberships,
			and(
				eq(memberships.userId, counselorDecisions.partnerId),
				eq(memberships.spaceId, asked.spaceId)
			)
		)
		.where(
			and(
				inArray(counselorDecisions.membershipId, waitingOn),
				eq(counselorDecisions.decision, 'approved'),
				eq(memberships.role, 'partner'),
				eq(memberships.status, 'active')
			)
		);
}

/** Everything the space home shows this person, already filtered by what they may see. */
export async function overview(db: DbOrTx, userId: string, spaceId: string, now = Date.now()) {
	const { space, membership } = await authorize(db, userId, 'space.view', spaceId);
	const rows = await hereAndWaiting(db, spaceId);
	const isPartner = membership.role === 'partner' && membership.status === 'active';
	const pendingIds = rows.filter((r) => r.status === 'pending').map((r) => r.membershipId);
	const decisions = pendingIds.length
		? await db
				.select()
				.from(counselorDecisions)
				.where(inArray(counselorDecisions.membershipId, pendingIds))
		: [];
	const members = rows
		.filter((r) => r.status === 'active')
		.map((r) => ({
			userId: r.userId,
			displayName: r.displayName,
			role: r.role,
			isMe: r.userId === userId
		}));
	// Pending counselors are a matter for the partners only.
	const pendingCounselors = isPartner
		? rows
				.filter((r) => r.status === 'pending')
				.map((r) => {
					const mine = decisions.find(
						(d) => d.membershipId === r.membershipId && d.partnerId === userId
					);
					const approvals = decisions.filter(
						(d) => d.membershipId === r.membershipId && d.decision === 'approved'
					).length;
					return {
						userId: r.userId,
						displayName: r.displayName,
						myDecision: mine?.decision ?? null,
						approvals
					};
				})
		: [];
	const partnerCount = members.filter((m) => m.role === 'partner').length;
	const open = isPartner && space.status === 'active' ? await openIn(db, spaceId, now) : [];
	const waiting: { text: string; href?: string }[] = [];
	if (isPartner && space.status === 'active') {
		if (partnerCount < MAX_PARTNERS)
			waiting.push({ text: 'Invite your partner. The space opens up once they join.' });
		for (const c of pendingCounselors)
			if (!c.myDecision)
				waiting.push({
					text: `${c.displayName} would like to join as your counselor. Please approve or decline.`,
					href: `/spaces/${spaceId}/settings`
				});
	}
	// Check-ins are worked out once: what is due goes under "Waiting for you", the next one lets the page show it when it falls due.
	const due =
		membership.status === 'active' && space.status === 'active'
			? await checkins.dueFor(db, userId, spaceId)
			: null;
	if (due) waiting.push(...(await sharedThings(db, userId, spaceId, due.open)));
	return {
		space: {
			id: space.id,
			name: space.name,
			status: space.status,
			stage: space.stage,
			stageName: stageName(space.stage),
			closedReason: space.closedReason
		},
		me: {
			userId,
			role: membership.role,
			status: membership.status,
			perspective: membership.role === 'partner' ? membership.perspective : null
		},
		members,
		partnerCount,
		pendingCounselors,
		openInvites: open.map((i) => ({ role: i.role, expiresAt: i.expiresAt.getTime() })),
		nextCheckinDue: due?.next?.dueAt ?? null,
		waiting
	};
}

/** Agreements waiting for this person's answer, conversations going on, and unread shared things. */
async function sharedThings(
	db: DbOrTx,
	userId: string,
	spaceId: string,
	dueNow: checkins.DueItem[]
) {
	const items: { text: string; href: string }[] = [];
	const base = `/spaces/${spaceId}`;
	for (const a of await agreements.list(db, userId, spaceId)) {
		const title = titleOf(a.agreement);
		if (a.awaits === 'proposal')
			items.push({
				text: `An agreement is waiting for your answer: ${title}`,
				href: `${base}/agreements/${a.id}`
			});
		if (a.awaits === 'retire')
			items.push({
				text: `Your partner proposes retiring an agreement: ${title}`,
				href: `${base}/agreements/${a.id}`
			});
	}
	for (const c of await conversations.goingOn(db, userId, spaceId))
		items.push({
			text: `A conversation is going on: ${c.topic}`,
			href: `${base}/conversations/${c.id}`
		});
	for (const d of dueNow)
		items.push({
			text: `A check-in is ${d.state === 'overdue' ? 'overdue' : 'waiting for you'}: ${d.title}`,
			href: `${base}/checkins/${d.scheduleId}/${d.day}`
		});
	const unread = await sharing.unreadCount(db, userId, spaceId);
	if (unread)
		items.push({
			text: `${unread} shared ${unread === 1 ? 'item is' : 'items are'} waiting for you to read.`,
			href: `${base}/shared`
		});
	return items;
}

/** What a counselor waiting for approval may see: the space's name and that they wait. */
export async function awaiting(db: DbOrTx, userId: string, spaceId: string) {
	const { space, membership } = await authorize(db, userId, 'space.awaitApproval', spaceId);
	// How many partners have approved so far: never who.
	return {
		id: space.id,
		name: space.name,
		approvals: (await approvalsOf(db, [membership.id])).length
	};
}

/** The little a page inside a space needs about it, after checking the page's own action. */
export async function context(db: DbOrTx, userId: string, spaceId: string, action: SpaceAction) {
	const { space, membership } = await authorize(db, userId, action, spaceId);
	return {
		space: {
			id: space.id,
			name: space.name,
			status: space.status,
			stage: space.stage,
			stageName: stageName(space.stage)
		},
		me: {
			role: membership.role,
			status: membership.status,
			perspective: membership.role === 'partner' ? membership.perspective : null,
			/** Whether this person can still add things here (an open space they are active in). */
			canWrite: space.status === 'active' && membership.status === 'active'
		}
	};
}

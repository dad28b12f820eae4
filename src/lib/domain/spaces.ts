/**
 * Rules of a couple's space, free of I/O: who may join, when an invite is good,
 * when a counselor is admitted, what leaving does.
 */
export const spaceStatuses = ['active', 'closed'] as const;
export type SpaceStatus = (typeof spaceStatuses)[number];

export const memberRoles = ['partner', 'counselor'] as const;
export type MemberRole = (typeof memberRoles)[number];

/** pending: a counselor waiting for both partners; declined/removed/left: no longer in. */
export const membershipStatuses = ['active', 'pending', 'declined', 'removed', 'left'] as const;
export type MembershipStatus = (typeof membershipStatuses)[number];

export const perspectives = ['hurt', 'caused', 'mutual'] as const;
export type Perspective = (typeof perspectives)[number];

export const perspectiveLabels: Record<Perspective, string> = {
	hurt: 'I was hurt',
	caused: 'I caused the hurt',
	mutual: "It's mutual or complicated"
};

export const safetyAnswers = ['yes', 'not_sure', 'no'] as const;
export type SafetyAnswer = (typeof safetyAnswers)[number];

export const safetyLabels: Record<SafetyAnswer, string> = {
	yes: 'Yes',
	not_sure: 'Not sure',
	no: 'No'
};

/** Not sure or no: show support at once and suggest individual help. */
export const needsSupport = (answer: SafetyAnswer | null | undefined) =>
	answer === 'not_sure' || answer === 'no';

/**
 * "No": before a live conversation, its author alone is gently told that talking with a
 * counselor or a support line first may be wiser. Nothing about it reaches anyone else.
 */
export const suggestSupportFirst = (answer: SafetyAnswer | null | undefined) => answer === 'no';

export const MAX_PARTNERS = 2;
export const INVITE_TTL_MS = 7 * 24 * 60 * 60_000;

export const DEFAULT_SPACE_NAME = 'Our space';

export interface InviteFacts {
	role: MemberRole;
	expiresAt: Date;
	usedAt: Date | null;
	revokedAt: Date | null;
}

export type InviteState = 'valid' | 'used' | 'expired' | 'revoked';

export function inviteState(invite: InviteFacts, now: number): InviteState {
	if (invite.revokedAt) return 'revoked';
	if (invite.usedAt) return 'used';
	if (now >= invite.expiresAt.getTime()) return 'expired';
	return 'valid';
}

export type JoinRefusal = InviteState | 'closed' | 'full' | 'wrong_account' | 'already_member';

export interface JoinFacts {
	invite: InviteFacts;
	spaceStatus: SpaceStatus;
	partnerCount: number;
	accountKind: MemberRole;
	/** The joiner's current membership in this space, if any. */
	membership: { status: MembershipStatus } | null;
}

/** Why this person may not redeem this invite now, or null when they may. */
export function joinRefusal(facts: JoinFacts, now: number): Exclude<JoinRefusal, 'valid'> | null {
	const state = inviteState(facts.invite, now);
	if (state !== 'valid') return state;
	if (facts.spaceStatus !== 'active') return 'closed';
	if (facts.accountKind !== facts.invite.role) return 'wrong_account';
	if (
		facts.membership &&
		(facts.membership.status === 'active' || facts.membership.status === 'pending')
	)
		return 'already_member';
	if (facts.invite.role === 'partner' && facts.partnerCount >= MAX_PARTNERS) return 'full';
	return null;
}

export const joinRefusalMessages: Record<Exclude<JoinRefusal, 'valid'>, string> = {
	used: 'This invite has already been used. Invites work once; please ask for a new one.',
	expired: 'This invite has expired. Invites last seven days; please ask for a new one.',
	revoked: 'This invite was withdrawn. Please ask for a new one.',
	closed: 'This space is closed, so nobody can join it any more.',
	full: 'This space already has two partners, so it cannot take another.',
	wrong_account:
		'This invite is for a different kind of account. Partners and counselors each need an account of their own type.',
	already_member: 'You are already part of this space.'
};

export type CounselorDecision = 'approved' | 'declined';

/**
 * A counselor is admitted once every current partner has approved; one decline is enough
 * to turn them away. With fewer than two partners, nobody can be admitted yet.
 */
export function counselorOutcome(
	partnerIds: readonly string[],
	decisions: ReadonlyMap<string, CounselorDecision>
): 'pending' | 'approved' | 'declined' {
	if (partnerIds.some((id) => decisions.get(id) === 'declined')) return 'declined';
	if (partnerIds.length < MAX_PARTNERS) return 'pending';
	return partnerIds.every((id) => decisions.get(id) === 'approved') ? 'approved' : 'pending';
}

/** What leaving does to the space: a partner leaving closes it; a counselor leaving does not. */
export function afterLeaving(role: MemberRole, spaceStatus: SpaceStatus): { closeSpace: boolean } {
	return { closeSpace: role === 'partner' && spaceStatus === 'active' };
}

/** Short codes: 8 symbols without look-alikes, shown as XXXX-XXXX, typed in any case. */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function formatCode(code: string): string {
	return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** Accepts "abcd-efgh", " ABCD EFGH " and the like. */
export function normaliseCode(input: string): string {
	return input.toUpperCase().replace(/[\s-]/g, '');
}

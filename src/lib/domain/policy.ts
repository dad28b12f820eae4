import type { MemberRole, MembershipStatus, SpaceStatus } from './spaces';
import { MAX_PARTNERS } from './spaces';
import { reachesCounselor, reachesPartner, type Audience } from './sharing';

/**
 * Who may do what in a space, and see which item, decided from facts alone: no I/O. The
 * server's policy looks up a person's standing and asks these; routes and socket handlers
 * never decide access themselves.
 */
export const spaceActions = [
	'space.view',
	'space.subscribe',
	'space.awaitApproval',
	'space.invitePartner',
	'space.inviteCounselor',
	'space.revokeInvite',
	'space.decideCounselor',
	'space.removeCounselor',
	'space.setPerspective',
	'space.answerSafety',
	'space.leave',
	/** Write one's own private notes (and their drafts). */
	'note.write',
	/** Read and delete one's own private notes: a person keeps these even after leaving. */
	'note.read',
	'note.delete',
	/** Turn one of one's notes into a shared item. */
	'share.create',
	/** See shared items at all; which ones is decided per item by maySeeShared(). */
	'shared.view',
	'shared.acknowledge',
	'shared.withdraw',
	'agreement.view',
	/** Propose, answer, change and retire agreements, and log how they were kept. */
	'agreement.act',
	/** See the stage, each partner's readiness, the timeline and revealed outcomes. */
	'journey.view',
	/** Mark oneself ready (or not), go back a stage, make the sealed stage-4 choice. */
	'journey.act',
	/** Choose whether the others may see that one is working on a stage. */
	'journey.showActivity',
	/** Draft and submit one's own stage-3 answers. */
	'assessment.answer',
	/** See assessments at all; whose answers is decided by mayReadAssessment(). */
	'assessment.view',
	/** See conversation sessions and re-read past ones; which ones by maySeeConversation(). */
	'conversation.view',
	/** Start or schedule a conversation session. */
	'conversation.start',
	/** Join a live session and take part: write, reflect, call a time-out, moderate. */
	'conversation.take_part',
	/** See check-ins at all; whose answers by mayReadCheckinAnswer(). */
	'checkin.view',
	/** Answer one's own check-ins. */
	'checkin.answer',
	/** Assign, change and pause check-in schedules (the counselor's part). */
	'checkin.manage',
	/** A counselor's own private notes about the space: writing them, and reading their own. */
	'counselorNote.write',
	'counselorNote.read'
] as const;
export type SpaceAction = (typeof spaceActions)[number];

/** Everything the decision needs to know about one person and one space. */
export interface Standing {
	loggedIn: boolean;
	role: MemberRole | null;
	status: MembershipStatus | null;
	spaceStatus: SpaceStatus;
	partnerCount: number;
}

export type Decision = 'allow' | 'forbidden' | 'not_found';

const reading = new Set<SpaceAction>([
	'space.view',
	'space.subscribe',
	'shared.view',
	'agreement.view',
	'journey.view',
	'assessment.view',
	'conversation.view',
	'checkin.view'
]);
/** What stays one's own even in a closed space, and after leaving it. */
const ownThings = new Set<SpaceAction>([
	'note.read',
	'note.delete',
	'shared.view',
	'shared.withdraw',
	'agreement.view',
	'journey.view',
	'assessment.view',
	'conversation.view',
	'checkin.view'
]);

export function decide(action: SpaceAction, s: Standing): Decision {
	if (!s.loggedIn || !s.role || !s.status) return 'not_found';
	const open = s.spaceStatus === 'active';

	if (s.role === 'counselor') {
		if (s.status === 'pending') {
			if (action === 'space.awaitApproval') return 'allow';
			if (action === 'space.leave') return open ? 'allow' : 'forbidden';
			return 'not_found'; // a counselor not yet admitted learns nothing about the space
		}
		// Once out of the space, their own notes about it are still theirs to read, export and
		// delete; nothing else of the space is there for them.
		if (s.status === 'removed' || s.status === 'left')
			return action === 'counselorNote.read' ? 'allow' : 'not_found';
		if (s.status !== 'active') return 'not_found';
		if (reading.has(action) || action === 'counselorNote.read') return 'allow';
		// Anyone can leave, whatever state the space is in.
		if (action === 'space.leave') return 'allow';
		// Their own notes about the space are written only while it is open, like everything else.
		const acting: SpaceAction[] = [
			'shared.acknowledge',
			'conversation.take_part',
			'checkin.manage',
			'counselorNote.write'
		];
		if (acting.includes(action)) return open ? 'allow' : 'forbidden';
		// Partners' notes are not even there for a counselor to be refused.
		if (action.startsWith('note.')) return 'not_found';
		return 'forbidden';
	}

	// Partners. A counselor's notes are not even there for a partner to be refused.
	if (action === 'counselorNote.write' || action === 'counselorNote.read') return 'not_found';
	if (s.status === 'left') {
		// A partner who left may still open the (closed) space to reach their own things, and
		// leave it completely: delete everything they wrote there.
		return action === 'space.view' || action === 'space.leave' || ownThings.has(action)
			? 'allow'
			: 'forbidden';
	}
	if (s.status !== 'active') return 'not_found';
	if (reading.has(action) || ownThings.has(action)) return 'allow';
	if (action === 'space.awaitApproval' || action === 'checkin.manage') return 'forbidden';
	// Anyone can leave, and take a counselor out of the space, whatever state it is in.
	if (action === 'space.leave' || action === 'space.removeCounselor') return 'allow';
	if (!open) return 'forbidden'; // a closed space is read-only
	switch (action) {
		case 'space.invitePartner':
			return s.partnerCount < MAX_PARTNERS ? 'allow' : 'forbidden';
		case 'space.inviteCounselor':
		case 'agreement.act':
		case 'journey.act':
		case 'assessment.answer':
		case 'conversation.start':
		case 'conversation.take_part':
		case 'checkin.answer':
			return s.partnerCount === MAX_PARTNERS ? 'allow' : 'forbidden';
		default:
			return 'allow';
	}
}

/** The one who asks about an item, as the item-level rules need them. */
export interface Viewer {
	userId: string;
	role: MemberRole;
	status: MembershipStatus;
	/** For counselors: when they were admitted. */
	joinedAt: Date;
}

/** A private note (and its draft) is its author's alone, whoever else asks and however. */
export const maySeeNote = (viewerId: string, note: { authorId: string }) =>
	note.authorId === viewerId;

/**
 * A shared item reaches its audience while it is not withdrawn. A counselor sees only what
 * was shared after they were admitted; someone no longer in the space sees only their own.
 */
export function maySeeShared(
	viewer: Viewer,
	item: { authorId: string; audience: Audience; sharedAt: Date; withdrawnAt: Date | null }
): boolean {
	if (item.authorId === viewer.userId) return true;
	if (item.withdrawnAt !== null || viewer.status !== 'active') return false;
	if (viewer.role === 'partner') return reachesPartner(item.audience);
	return reachesCounselor(item.audience) && item.sharedAt.getTime() >= viewer.joinedAt.getTime();
}

/**
 * Stage-3 answers are their author's alone until both partners have submitted. Then the two
 * partners see both, and so does a counselor both of them admitted; someone who left sees
 * only their own.
 */
export function mayReadAssessment(
	viewer: Viewer,
	answers: { userId: string },
	revealed: boolean
): boolean {
	if (answers.userId === viewer.userId) return true;
	return revealed && viewer.status === 'active';
}

/**
 * A stage-4 choice is sealed until both have chosen: nobody else may learn it, or even that it
 * was made. Once revealed, the two partners see both choices and notes; a counselor sees only
 * the outcome, never who chose what; someone who left sees only their own (as with answers).
 */
export function mayReadChoice(
	viewer: Viewer,
	choice: { userId: string; revealedAt: Date | null }
): boolean {
	if (choice.userId === viewer.userId) return true;
	return choice.revealedAt !== null && viewer.role === 'partner' && viewer.status === 'active';
}

/**
 * A conversation is for the two partners, and for a counselor only if it began after they
 * were admitted (as with things shared with counselors).
 */
export function maySeeConversation(viewer: Viewer, conversation: { createdAt: Date }): boolean {
	if (viewer.role === 'partner') return true;
	return (
		viewer.status === 'active' && conversation.createdAt.getTime() >= viewer.joinedAt.getTime()
	);
}

/** A keeping log's outcome is seen by everyone admitted; its note only if its author shared it. */
export const mayReadKeepingNote = (
	viewerId: string,
	log: { authorId: string; noteShared: boolean }
) => log.authorId === viewerId || log.noteShared;

/** The viewer a membership makes: only what the item-level rules read, nothing more of the row. */
export const viewerOf = (m: Viewer): Viewer => ({
	userId: m.userId,
	role: m.role,
	status: m.status,
	joinedAt: m.joinedAt
});

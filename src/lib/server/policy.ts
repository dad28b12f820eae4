import { AsyncLocalStorage } from 'node:async_hooks';
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from './db';
import { driverStatement, inTransaction, tableReader } from './db/statement';
import { memberships, spaces, users, type Membership, type Space } from './db/schema';
import type { MemberRole, MembershipStatus, SpaceStatus } from '../domain/spaces';
import { MAX_PARTNERS } from '../domain/spaces';
import { AppError } from './errors';
import { log } from './log';
import { reachesCounselor, reachesPartner, type Audience } from '../domain/sharing';

/**
 * The single place that answers "may this person do this here?". Services call it;
 * routes and socket handlers never decide access themselves.
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

export const viewerOf = (m: Membership): Viewer => ({
	userId: m.userId,
	role: m.role,
	status: m.status,
	joinedAt: m.joinedAt
});

const refusals: Record<Exclude<Decision, 'allow'>, () => AppError> = {
	not_found: () => new AppError('not_found', 'We could not find that space.'),
	forbidden: () => new AppError('forbidden')
};

export interface Access {
	space: Space;
	membership: Membership;
	/** What the decision was made from: lets a second question about the same space skip the look-up. */
	standing: Standing;
}

function check(
	db: DbOrTx,
	userId: string | null | undefined,
	action: SpaceAction,
	spaceId: string
) {
	const found = load(db, userId, spaceId);
	const decision = decide(
		action,
		found?.standing ?? {
			loggedIn: !!userId,
			role: null,
			status: null,
			spaceStatus: 'active',
			partnerCount: 0
		}
	);
	return {
		found,
		decision: found ? decision : decision === 'allow' ? ('not_found' as const) : decision
	};
}

function refuse(
	userId: string | null | undefined,
	action: SpaceAction,
	spaceId: string,
	refused: Exclude<Decision, 'allow'>
): never {
	// Who asked for what, and the answer; never anything from inside the space.
	log.info('access_refused', {
		userId: userId ?? null,
		action,
		spaceId: String(spaceId).slice(0, 64),
		decision: refused
	});
	throw refusals[refused]();
}

/** Loads a person's standing in a space and throws unless the action is allowed. */
export function authorize(
	db: DbOrTx,
	userId: string | null | undefined,
	action: SpaceAction,
	spaceId: string
): Access {
	const { found, decision } = check(db, userId, action, spaceId);
	if (decision !== 'allow' || !found)
		refuse(userId, action, spaceId, decision === 'allow' ? 'not_found' : decision);
	return found;
}

/**
 * A further action by the same person in the same space, decided from the standing an
 * `authorize` just loaded (within the same request or transaction), with the same refusals.
 */
export function authorizeAlso(access: Access, action: SpaceAction): Access {
	const decision = decide(action, access.standing);
	if (decision !== 'allow') refuse(access.membership.userId, action, access.space.id, decision);
	return access;
}

/**
 * Who, among a space's admitted members, may know of something: each is asked `may` with their
 * own standing (the same questions the pages ask). Notifications go only to these.
 */
export function whoMayKnow(
	db: DbOrTx,
	spaceId: string,
	may: (viewer: Viewer) => boolean,
	except?: string
): string[] {
	return db
		.select()
		.from(memberships)
		.where(and(eq(memberships.spaceId, spaceId), eq(memberships.status, 'active')))
		.all()
		.map(viewerOf)
		.filter((v) => v.userId !== except && may(v))
		.map((v) => v.userId);
}

export const CONFIRM_FIRST =
	'Please confirm your email first. The link is in the message we sent when you created your account; your home page can send it again.';

/**
 * Starting or joining a space needs a confirmed email, so that nobody can hold someone else's
 * address (a partner's, say) and be taken for them.
 */
export function mustHaveConfirmedEmail(db: DbOrTx, userId: string): void {
	const user = db
		.select({ verifiedAt: users.emailVerifiedAt })
		.from(users)
		.where(eq(users.id, userId))
		.get();
	if (user?.verifiedAt) return;
	log.info('access_refused', { userId, action: 'space.enter', decision: 'unconfirmed_email' });
	throw new AppError('forbidden', CONFIRM_FIRST);
}

/** The same question, answered with a yes or no (for showing or hiding controls; not logged). */
export function allows(
	db: DbOrTx,
	userId: string | null | undefined,
	action: SpaceAction,
	spaceId: string
): boolean {
	return check(db, userId, action, spaceId).decision === 'allow';
}

const spaceRow = tableReader(spaces);
const membershipRow = tableReader(memberships);

// Asked before nearly everything the app does (every conversation message among it), so
// compiled once and run on the driver; rows are read back as the query builder would read them.
const standingQuery = driverStatement(
	(db) =>
		db
			.select({
				space: spaces,
				membership: memberships,
				partnerCount: sql<number>`(select count(*) from memberships m where m.space_id = ${spaces.id} and m.role = 'partner' and m.status = 'active')`
			})
			.from(spaces)
			.innerJoin(
				memberships,
				and(eq(memberships.spaceId, spaces.id), eq(memberships.userId, sql.placeholder('userId')))
			)
			.where(eq(spaces.id, sql.placeholder('spaceId'))),
	// Rows are read by position: refuse to run at all if a column is not where it is read from.
	(columns) => {
		spaceRow.check(columns, 0);
		membershipRow.check(columns, spaceRow.width);
	}
);

type Loaded = ReturnType<typeof lookUp>;

/** Standings already looked up while reading a page: per database handle, person and space. */
type Known = WeakMap<object, Map<string, Map<string, Loaded>>>;
const readScope = new AsyncLocalStorage<Known>();

/**
 * Runs `read` (the rendering of a page: loads that only read) with each person's standing in
 * each space looked up once and then reused, so a page asking the policy several questions about
 * the same space costs one look-up. Every question is still decided by `decide`; only the facts
 * are shared, and only until `read` has finished, as if the whole page were read at its start.
 * Never inside a transaction, and never for form actions or socket events (`changingThings`):
 * what changes things must see each change.
 */
export function readingAPage<T>(read: () => T): T {
	return readScope.run(new WeakMap(), read);
}

/** Runs `change` with every standing looked up afresh, even when it was started by a page read. */
export function changingThings<T>(change: () => T): T {
	return readScope.exit(change);
}

function load(db: DbOrTx, userId: string | null | undefined, spaceId: string): Loaded {
	if (!userId || typeof spaceId !== 'string' || spaceId.length > 64) return null;
	const scope = readScope.getStore();
	// Work queued for later (a group commit) can inherit a page's scope; a transaction always
	// reads what is there now.
	if (!scope || inTransaction(db)) return lookUp(db, userId, spaceId);
	let byUser = scope.get(db);
	if (!byUser) scope.set(db, (byUser = new Map()));
	let bySpace = byUser.get(userId);
	if (!bySpace) byUser.set(userId, (bySpace = new Map()));
	if (bySpace.has(spaceId)) return bySpace.get(spaceId) ?? null;
	const found = lookUp(db, userId, spaceId);
	// Shared by every question the page asks: nobody may change it on the way.
	if (found)
		for (const part of [found.space, found.membership, found.standing, found]) Object.freeze(part);
	bySpace.set(spaceId, found);
	return found;
}

function lookUp(db: DbOrTx, userId: string, spaceId: string) {
	const row = standingQuery(db).get({ userId, spaceId });
	if (!row) return null;
	const space: Space = spaceRow.read(row, 0);
	const membership: Membership = membershipRow.read(row, spaceRow.width);
	return {
		space,
		membership,
		standing: {
			loggedIn: true,
			role: membership.role,
			status: membership.status,
			spaceStatus: space.status,
			partnerCount: row[spaceRow.width + membershipRow.width] as number
		} satisfies Standing
	};
}

import { eq } from 'drizzle-orm';
import type { DbOrTx } from './db';
import { readOnce } from './reading';
import * as members from './spaces/members';
import { users, type Membership, type Space } from './db/schema';
import {
	decide,
	viewerOf,
	type Decision,
	type SpaceAction,
	type Standing,
	type Viewer
} from '../domain/policy';
import { AppError } from './errors';
import { log } from './log';

/**
 * The single place that answers "may this person do this here?": it looks up a person's
 * standing in a space and decides by the rules in domain/policy. Services call it; routes and
 * socket handlers never decide access themselves.
 */
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

async function check(
	db: DbOrTx,
	userId: string | null | undefined,
	action: SpaceAction,
	spaceId: string
) {
	return decideOn(await load(db, userId, spaceId), userId, action);
}

function decideOn(found: Loaded, userId: string | null | undefined, action: SpaceAction) {
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
export async function authorize(
	db: DbOrTx,
	userId: string | null | undefined,
	action: SpaceAction,
	spaceId: string
): Promise<Access> {
	return allowedOrRefused(await check(db, userId, action, spaceId), userId, action, spaceId);
}

/**
 * The same answer as `authorize`, from a space's row and every membership it has (whatever their
 * status), read already by a statement that needed them anyway (a conversation's command reads
 * them with the conversation it locks) rather than looked up again.
 */
export function authorizeAmong(
	known: members.SpaceFacts,
	userId: string | null | undefined,
	action: SpaceAction
): Access {
	const found = userId ? accessAmong(known, userId) : null;
	return allowedOrRefused(decideOn(found, userId, action), userId, action, known.space.id);
}

function allowedOrRefused(
	{ found, decision }: ReturnType<typeof decideOn>,
	userId: string | null | undefined,
	action: SpaceAction,
	spaceId: string
): Access {
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
export async function whoMayKnow(
	db: DbOrTx,
	spaceId: string,
	may: (viewer: Viewer) => boolean,
	except?: string
): Promise<string[]> {
	return (await members.membersOf(db, spaceId))
		.filter((m) => m.userId !== except && may(viewerOf(m)))
		.map((m) => m.userId);
}

export const CONFIRM_FIRST =
	'Please confirm your email first. The link is in the message we sent when you created your account; your home page can send it again.';

/**
 * Starting or joining a space needs a confirmed email, so that nobody can hold someone else's
 * address (a partner's, say) and be taken for them.
 */
export async function mustHaveConfirmedEmail(db: DbOrTx, userId: string): Promise<void> {
	const [user] = await db
		.select({ verifiedAt: users.emailVerifiedAt })
		.from(users)
		.where(eq(users.id, userId))
		.limit(1);
	if (user?.verifiedAt) return;
	log.info('access_refused', { userId, action: 'space.enter', decision: 'unconfirmed_email' });
	throw new AppError('forbidden', CONFIRM_FIRST);
}

/** The same question, answered with a yes or no (for showing or hiding controls; not logged). */
export async function allows(
	db: DbOrTx,
	userId: string | null | undefined,
	action: SpaceAction,
	spaceId: string
): Promise<boolean> {
	return (await check(db, userId, action, spaceId)).decision === 'allow';
}

type Loaded = Access | null;

async function load(
	db: DbOrTx,
	userId: string | null | undefined,
	spaceId: string
): Promise<Loaded> {
	if (!userId || typeof spaceId !== 'string' || spaceId.length > 64) return null;
	// A page asking the policy several questions about one space costs one look-up; every
	// question is still decided by `decide`, only the facts are shared.
	return readOnce(db, ['standing', userId, spaceId], async () => {
		const facts = await members.spaceFacts(db, spaceId);
		return facts ? accessAmong(facts, userId) : null;
	});
}

/** What `authorize` answers with: a member's row, their space's and its standing; null for none. */
function accessAmong({ space, memberships }: members.SpaceFacts, userId: string): Access | null {
	const membership = memberships.find((m) => m.userId === userId);
	if (!membership) return null;
	return {
		space,
		membership,
		standing: {
			loggedIn: true,
			role: membership.role,
			status: membership.status,
			spaceStatus: space.status,
			partnerCount: members.partnerCount(memberships)
		} satisfies Standing
	};
}

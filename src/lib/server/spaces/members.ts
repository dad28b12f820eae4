import { and, asc, eq, inArray, sql, type AnyColumn } from 'drizzle-orm';
import { kept, type DbOrTx } from '../db';
import { readOnce } from '../reading';
import { memberships, spaces, users, type Membership, type Space } from '../db/schema';
import { MAX_PARTNERS, type MemberRole, type MembershipStatus } from '../../domain/spaces';

/**
 * Who is in a space: the one place that says so. Everyone is listed first to join first, the
 * same on every visit. Callers ask the policy whether someone may see a thing; this only says
 * who is there.
 */

/** Someone in the space now (always `active`): what the policy's item rules read of a member. */
export interface Member {
	userId: string;
	role: MemberRole;
	status: MembershipStatus;
	joinedAt: Date;
}

export interface Partner {
	userId: string;
	name: string;
	timeZone: string;
	showsActivity: boolean;
}

const membersQuery = kept('members_of', (db) =>
	db
		.select({
			userId: memberships.userId,
			role: memberships.role,
			status: memberships.status,
			joinedAt: memberships.joinedAt
		})
		.from(memberships)
		.where(
			and(eq(memberships.spaceId, sql.placeholder('spaceId')), eq(memberships.status, 'active'))
		)
		.orderBy(asc(memberships.joinedAt), asc(memberships.userId))
);

/** The partners and the admitted counselors in the space now; nobody waiting, nobody gone. */
export async function membersOf(db: DbOrTx, spaceId: string): Promise<Member[]> {
	return membersQuery(db, { spaceId });
}

/**
 * The same members, read in the statement that reads a row of another table (a hot path that
 * needs both at once, in one round trip): the statement selects `membership: alongside.table`
 * and joins it on `alongside.on(the row's space id)` (a left join), which reads one row for each
 * membership the space has, whatever its status (so that the same rows can also tell the policy
 * the reader's standing; see `policy.authorizeAmong`), or one with none when it has none.
 * `alongside.members` turns those memberships into `membersOf`'s list.
 */
export const alongside = {
	table: memberships,
	on: (spaceId: AnyColumn) => eq(memberships.spaceId, spaceId),
	members(rows: readonly (Membership | null)[]): Member[] {
		const found: Member[] = [];
		for (const m of rows)
			if (m?.status === 'active')
				found.push({ userId: m.userId, role: m.role, status: m.status, joinedAt: m.joinedAt });
		// First to join first, as `membersOf` lists them.
		return found.sort(firstToJoin(found));
	}
};

/**
 * The people in each of these spaces now, with their names, first to join first: for a list of
 * someone's spaces. One statement, however many spaces.
 */
export async function namedMembersIn(
	db: DbOrTx,
	spaceIds: readonly string[]
): Promise<{ spaceId: string; userId: string; name: string; role: MemberRole }[]> {
	if (!spaceIds.length) return [];
	return db
		.select({
			spaceId: memberships.spaceId,
			userId: memberships.userId,
			name: users.displayName,
			role: memberships.role
		})
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(and(inArray(memberships.spaceId, [...spaceIds]), eq(memberships.status, 'active')))
		.orderBy(asc(memberships.joinedAt), asc(memberships.userId));
}

/** A space's row and every membership it has, whatever their status: what standings are made of. */
export interface SpaceFacts {
	space: Space;
	memberships: readonly Membership[];
}

/**
 * The facts in the rows of a statement that read a space with its memberships (see
 * `alongside`): one row for each membership, or one with none. Undefined for no rows.
 */
export function factsIn(
	rows: readonly { space: Space; membership: Membership | null }[]
): SpaceFacts | undefined {
	const [first] = rows;
	if (!first) return undefined;
	return {
		space: first.space,
		memberships: rows.flatMap((r) => (r.membership ? [r.membership] : []))
	};
}

/** How many partners a space has now (two at most), from its memberships. */
export function partnerCount(memberships: readonly Membership[]): number {
	let count = 0;
	for (const m of memberships) if (m.role === 'partner' && m.status === 'active') count++;
	return count;
}

/** A member's name and time zone, as the pages show them. */
interface Named {
	userId: string;
	name: string;
	timeZone: string;
}

// Asked before nearly everything the app does: one statement, a row for each membership.
const spaceQuery = kept('space_facts', (db) =>
	db
		.select({
			space: spaces,
			membership: alongside.table,
			name: users.displayName,
			timeZone: users.timeZone
		})
		.from(spaces)
		.leftJoin(alongside.table, alongside.on(spaces.id))
		.leftJoin(users, eq(users.id, memberships.userId))
		.where(eq(spaces.id, sql.placeholder('spaceId')))
);

/**
 * A space's facts (for the policy's standings) and its members' names (for the roster), read
 * in one statement, once while a page is read (see reading.ts) and each time otherwise; null
 * when there is no such space.
 */
export function spaceFacts(
	db: DbOrTx,
	spaceId: string
): Promise<(SpaceFacts & { names: readonly Named[] }) | null> {
	return readOnce(db, ['space', spaceId], async () => {
		const rows = await spaceQuery(db, { spaceId });
		const facts = factsIn(rows);
		if (!facts) return null;
		const names = rows.flatMap((r) =>
			r.membership && r.name !== null && r.timeZone !== null
				? [{ userId: r.membership.userId, name: r.name, timeZone: r.timeZone }]
				: []
		);
		return { ...facts, names };
	});
}

interface RosterRow {
	userId: string;
	name: string;
	timeZone: string;
	role: MemberRole;
	status: MembershipStatus;
	showsActivity: boolean;
	membershipId: string;
}

const onTheRoster: readonly MembershipStatus[] = ['active', 'pending', 'left'];

/**
 * The space's partners, counselors and those waiting or gone, first to join first, with the
 * names and settings the pages show (the home, the journey and the check-ins each ask).
 */
async function roster(db: DbOrTx, spaceId: string): Promise<readonly RosterRow[]> {
	const facts = await spaceFacts(db, spaceId);
	if (!facts) return [];
	const named = new Map(facts.names.map((n) => [n.userId, n]));
	const rows: RosterRow[] = [];
	for (const m of facts.memberships) {
		const person = named.get(m.userId);
		if (!person || !onTheRoster.includes(m.status)) continue;
		rows.push({
			userId: m.userId,
			name: person.name,
			timeZone: person.timeZone,
			role: m.role,
			status: m.status,
			showsActivity: m.showsActivity,
			membershipId: m.id
		});
	}
	return rows.sort(firstToJoin(facts.memberships));
}

/** First to join first, the same on every visit (by id among those who joined together). */
function firstToJoin(memberships: readonly { userId: string; joinedAt: Date }[]) {
	const joined = new Map(memberships.map((m) => [m.userId, m.joinedAt.getTime()]));
	return (a: { userId: string }, b: { userId: string }) =>
		joined.get(a.userId)! - joined.get(b.userId)! ||
		(a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);
}

const partnersIn = async (db: DbOrTx, spaceId: string, statuses: MembershipStatus[]) =>
	(await roster(db, spaceId))
		.filter((r) => r.role === 'partner' && statuses.includes(r.status))
		.map((r): Partner => ({
			userId: r.userId,
			name: r.name,
			timeZone: r.timeZone,
			showsActivity: r.showsActivity
		}));

/** The partners in the space now: two at most. */
export async function partnersOf(db: DbOrTx, spaceId: string): Promise<Partner[]> {
	return partnersIn(db, spaceId, ['active']);
}

/** The partners in the space now and any who left it: a space's history still names them. */
export async function everyPartnerOf(db: DbOrTx, spaceId: string): Promise<Partner[]> {
	return partnersIn(db, spaceId, ['active', 'left']);
}

/** Names by id of every partner the space has had, for "proposed by" and the like. */
export async function partnerNames(db: DbOrTx, spaceId: string): Promise<Map<string, string>> {
	return new Map((await everyPartnerOf(db, spaceId)).map((p) => [p.userId, p.name]));
}

/**
 * The people in the space now and the counselors waiting to be admitted, with their names and
 * memberships: for the space home, which lists who is here and lets the partners answer who waits.
 */
export async function hereAndWaiting(db: DbOrTx, spaceId: string) {
	return (await roster(db, spaceId))
		.filter((r) => r.status === 'active' || r.status === 'pending')
		.map((r) => ({
			userId: r.userId,
			displayName: r.name,
			role: r.role,
			status: r.status,
			membershipId: r.membershipId
		}));
}

/** Whether both partners are in: no one else may join as a partner, and they may share. */
export async function isFull(db: DbOrTx, spaceId: string): Promise<boolean> {
	return (await partnersOf(db, spaceId)).length >= MAX_PARTNERS;
}

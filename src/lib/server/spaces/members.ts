import { and, asc, eq, inArray, sql, type AnyColumn } from 'drizzle-orm';
import { kept, type DbOrTx } from '../db';
import { readOnce } from '../reading';
import { memberships, users, type Membership } from '../db/schema';
import { MAX_PARTNERS, type MemberRole, type MembershipStatus } from '../../domain/spaces';

/**
 * Who is in a space: the one place that says so. Everyone is listed first to join first, the
 * same on every visit. Callers ask the policy whether someone may see a thing; this only says
 * who is there.
 */

export interface Member {
	userId: string;
	role: MemberRole;
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
				found.push({ userId: m.userId, role: m.role, joinedAt: m.joinedAt });
		// First to join first, as `membersOf` lists them.
		return found.sort(
			(a, b) =>
				a.joinedAt.getTime() - b.joinedAt.getTime() ||
				(a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0)
		);
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

/** Everyone the space has had or is waiting for, with the names and settings the pages show. */
const rosterQuery = kept('roster_of', (db) =>
	db
		.select({
			userId: memberships.userId,
			name: users.displayName,
			timeZone: users.timeZone,
			role: memberships.role,
			status: memberships.status,
			showsActivity: memberships.showsActivity,
			membershipId: memberships.id
		})
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(
			and(
				eq(memberships.spaceId, sql.placeholder('spaceId')),
				inArray(memberships.status, ['active', 'pending', 'left'])
			)
		)
		.orderBy(asc(memberships.joinedAt), asc(memberships.userId))
);

type RosterRow = Awaited<ReturnType<typeof rosterQuery>>[number];

/**
 * The space's partners, counselors and those waiting or gone, read once while a page is read
 * (the home, the journey and the check-ins each ask; see reading.ts), and each time otherwise.
 */
const roster = (db: DbOrTx, spaceId: string): Promise<readonly RosterRow[]> =>
	readOnce(db, ['roster', spaceId], () => rosterQuery(db, { spaceId }));

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

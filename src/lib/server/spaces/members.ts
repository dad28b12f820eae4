import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { driverStatement, statement } from '../db/statement';
import { memberships, users } from '../db/schema';
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

// Every conversation message asks who takes part, so this runs on the driver (`driverStatement`).
const membersQuery = driverStatement((db) =>
	db
		.select({ userId: memberships.userId, role: memberships.role, joinedAt: memberships.joinedAt })
		.from(memberships)
		.where(
			and(eq(memberships.spaceId, sql.placeholder('spaceId')), eq(memberships.status, 'active'))
		)
		.orderBy(asc(memberships.joinedAt), asc(memberships.userId))
);

/** The partners and the admitted counselors in the space now; nobody waiting, nobody gone. */
export function membersOf(db: DbOrTx, spaceId: string): Member[] {
	const rows = membersQuery(db).all({ spaceId }) as [string, MemberRole, number][];
	return rows.map(([userId, role, joinedAt]) => ({ userId, role, joinedAt: new Date(joinedAt) }));
}

const partnersQuery = (statuses: MembershipStatus[]) =>
	statement((db) =>
		db
			.select({
				userId: memberships.userId,
				name: users.displayName,
				timeZone: users.timeZone,
				showsActivity: memberships.showsActivity
			})
			.from(memberships)
			.innerJoin(users, eq(users.id, memberships.userId))
			.where(
				and(
					eq(memberships.spaceId, sql.placeholder('spaceId')),
					eq(memberships.role, 'partner'),
					inArray(memberships.status, statuses)
				)
			)
			.orderBy(asc(memberships.joinedAt), asc(memberships.userId))
			.prepare()
	);

// Read on nearly every page of a space (journey, check-ins, agreements), so compiled once.
const partnersNow = partnersQuery(['active']);
const partnersEver = partnersQuery(['active', 'left']);

/** The partners in the space now: two at most. */
export function partnersOf(db: DbOrTx, spaceId: string): Partner[] {
	return partnersNow(db).all({ spaceId });
}

/** The partners in the space now and any who left it: a space's history still names them. */
export function everyPartnerOf(db: DbOrTx, spaceId: string): Partner[] {
	return partnersEver(db).all({ spaceId });
}

/** Names by id of every partner the space has had, for "proposed by" and the like. */
export function partnerNames(db: DbOrTx, spaceId: string): Map<string, string> {
	return new Map(everyPartnerOf(db, spaceId).map((p) => [p.userId, p.name]));
}

/** Whether both partners are in: no one else may join as a partner, and they may share. */
export function isFull(db: DbOrTx, spaceId: string): boolean {
	return partnersOf(db, spaceId).length >= MAX_PARTNERS;
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDatabase } from '../../../../tests/helpers/db';
import type { DbOrTx } from '../db';
import { memberships, spaces, users } from '../db/schema';
import { MAX_PARTNERS, type MemberRole, type MembershipStatus } from '../../domain/spaces';
import * as members from './members';

const T0 = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;

let conn: ReturnType<typeof tempDatabase>;
beforeEach(() => {
	conn = tempDatabase();
	for (const id of ['s1', 's2'])
		conn.db
			.insert(spaces)
			.values({ id, name: id, createdAt: new Date(T0) })
			.run();
});
afterEach(() => conn.cleanup());

function person(db: DbOrTx, id: string, kind: MemberRole, timeZone = 'UTC') {
	db.insert(users)
		.values({
			id,
			email: `${id}@example.com`,
			displayName: id.toUpperCase(),
			passwordHash: 'x',
			kind,
			timeZone,
			createdAt: new Date(T0)
		})
		.run();
}

function member(
	db: DbOrTx,
	spaceId: string,
	userId: string,
	role: MemberRole,
	status: MembershipStatus,
	day: number,
	showsActivity = false
) {
	db.insert(memberships)
		.values({
			id: `${spaceId}-${userId}`,
			spaceId,
			userId,
			role,
			status,
			showsActivity,
			joinedAt: new Date(T0 + day * DAY)
		})
		.run();
}

const ids = (list: { userId: string }[]) => list.map((m) => m.userId);

describe('membersOf', () => {
	it('lists the partners and admitted counselors, first to join first, and nobody waiting or gone', () => {
		for (const id of ['ann', 'ben', 'cal', 'dee', 'eve', 'fay']) person(conn.db, id, 'partner');
		member(conn.db, 's1', 'ben', 'partner', 'active', 2);
		member(conn.db, 's1', 'cal', 'counselor', 'active', 3);
		member(conn.db, 's1', 'ann', 'partner', 'active', 1);
		member(conn.db, 's1', 'dee', 'counselor', 'pending', 0);
		member(conn.db, 's1', 'eve', 'counselor', 'removed', 0);
		member(conn.db, 's1', 'fay', 'counselor', 'declined', 0);
		expect(members.membersOf(conn.db, 's1')).toEqual([
			{ userId: 'ann', role: 'partner', joinedAt: new Date(T0 + DAY) },
			{ userId: 'ben', role: 'partner', joinedAt: new Date(T0 + 2 * DAY) },
			{ userId: 'cal', role: 'counselor', joinedAt: new Date(T0 + 3 * DAY) }
		]);
		expect(members.membersOf(conn.db, 's2')).toEqual([]);
	});

	it('orders people who joined at the same moment by id, the same on every visit', () => {
		for (const id of ['zoe', 'amy']) person(conn.db, id, 'partner');
		member(conn.db, 's1', 'zoe', 'partner', 'active', 1);
		member(conn.db, 's1', 'amy', 'partner', 'active', 1);
		expect(ids(members.membersOf(conn.db, 's1'))).toEqual(['amy', 'zoe']);
		expect(ids(members.partnersOf(conn.db, 's1'))).toEqual(['amy', 'zoe']);
	});
});

describe('partnersOf', () => {
	it('gives the active partners with their names, zones and activity setting; never a counselor', () => {
		person(conn.db, 'ann', 'partner', 'Europe/Berlin');
		person(conn.db, 'ben', 'partner', 'America/New_York');
		person(conn.db, 'cal', 'counselor');
		member(conn.db, 's1', 'cal', 'counselor', 'active', 0);
		member(conn.db, 's1', 'ben', 'partner', 'active', 2, true);
		member(conn.db, 's1', 'ann', 'partner', 'active', 1);
		expect(members.partnersOf(conn.db, 's1')).toEqual([
			{ userId: 'ann', name: 'ANN', timeZone: 'Europe/Berlin', showsActivity: false },
			{ userId: 'ben', name: 'BEN', timeZone: 'America/New_York', showsActivity: true }
		]);
	});

	it('keeps each space to itself', () => {
		for (const id of ['ann', 'ben', 'cal']) person(conn.db, id, 'partner');
		member(conn.db, 's1', 'ann', 'partner', 'active', 1);
		member(conn.db, 's2', 'ben', 'partner', 'active', 1);
		member(conn.db, 's2', 'cal', 'partner', 'active', 2);
		expect(ids(members.partnersOf(conn.db, 's1'))).toEqual(['ann']);
		expect(ids(members.partnersOf(conn.db, 's2'))).toEqual(['ben', 'cal']);
	});
});

describe('a space someone left', () => {
	beforeEach(() => {
		for (const id of ['ann', 'ben']) person(conn.db, id, 'partner');
		person(conn.db, 'cal', 'counselor');
		member(conn.db, 's1', 'ann', 'partner', 'active', 1);
		member(conn.db, 's1', 'ben', 'partner', 'left', 2);
		member(conn.db, 's1', 'cal', 'counselor', 'left', 3);
	});

	it('no longer counts them as in it', () => {
		expect(ids(members.membersOf(conn.db, 's1'))).toEqual(['ann']);
		expect(ids(members.partnersOf(conn.db, 's1'))).toEqual(['ann']);
		expect(members.isFull(conn.db, 's1')).toBe(false);
	});

	it('still names the partner who left in its history, but not a counselor', () => {
		expect(ids(members.everyPartnerOf(conn.db, 's1'))).toEqual(['ann', 'ben']);
		expect(members.partnerNames(conn.db, 's1')).toEqual(
			new Map([
				['ann', 'ANN'],
				['ben', 'BEN']
			])
		);
	});
});

describe('isFull', () => {
	it(`is true once ${MAX_PARTNERS} partners are in, whoever else is there`, () => {
		for (const id of ['ann', 'ben']) person(conn.db, id, 'partner');
		for (const id of ['cal', 'dee']) person(conn.db, id, 'counselor');
		member(conn.db, 's1', 'ann', 'partner', 'active', 1);
		member(conn.db, 's1', 'cal', 'counselor', 'active', 2);
		member(conn.db, 's1', 'dee', 'counselor', 'pending', 3);
		expect(members.isFull(conn.db, 's1')).toBe(false);
		member(conn.db, 's1', 'ben', 'partner', 'active', 4);
		expect(members.partnersOf(conn.db, 's1')).toHaveLength(MAX_PARTNERS);
		expect(members.isFull(conn.db, 's1')).toBe(true);
		expect(members.isFull(conn.db, 's2')).toBe(false);
	});

	it('answers inside a transaction from what it has written, and forgets it on a rollback', () => {
		for (const id of ['ann', 'ben']) person(conn.db, id, 'partner');
		member(conn.db, 's1', 'ann', 'partner', 'active', 1);
		expect(members.isFull(conn.db, 's1')).toBe(false);
		expect(() =>
			conn.db.transaction((tx) => {
				member(tx, 's1', 'ben', 'partner', 'active', 2);
				expect(members.isFull(tx, 's1')).toBe(true);
				expect(ids(members.membersOf(tx, 's1'))).toEqual(['ann', 'ben']);
				throw new Error('roll back');
			})
		).toThrow('roll back');
		expect(members.isFull(conn.db, 's1')).toBe(false);
		expect(ids(members.membersOf(conn.db, 's1'))).toEqual(['ann']);
	});
});

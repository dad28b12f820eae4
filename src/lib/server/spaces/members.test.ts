import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDatabase } from '../../../../tests/helpers/db';
import { transaction, type DbOrTx } from '../db';
import { memberships, spaces, users } from '../db/schema';
import { MAX_PARTNERS, type MemberRole, type MembershipStatus } from '../../domain/spaces';
import * as members from './members';

const T0 = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;

let conn: Awaited<ReturnType<typeof tempDatabase>>;
beforeEach(async () => {
	conn = await tempDatabase();
	for (const id of ['s1', 's2'])
		await conn.db.insert(spaces).values({ id, name: id, createdAt: new Date(T0) });
});
afterEach(() => conn.cleanup());

async function person(db: DbOrTx, id: string, kind: MemberRole, timeZone = 'UTC') {
	await db.insert(users).values({
		id,
		email: `${id}@example.com`,
		displayName: id.toUpperCase(),
		passwordHash: 'x',
		kind,
		timeZone,
		createdAt: new Date(T0)
	});
}

async function member(
	db: DbOrTx,
	spaceId: string,
	userId: string,
	role: MemberRole,
	status: MembershipStatus,
	day: number,
	showsActivity = false
) {
	await db.insert(memberships).values({
		id: `${spaceId}-${userId}`,
		spaceId,
		userId,
		role,
		status,
		showsActivity,
		joinedAt: new Date(T0 + day * DAY)
	});
}

const ids = (list: { userId: string }[]) => list.map((m) => m.userId);

describe('membersOf', () => {
	it('lists the partners and admitted counselors, first to join first, and nobody waiting or gone', async () => {
		for (const id of ['ann', 'ben', 'cal', 'dee', 'eve', 'fay'])
			await person(conn.db, id, 'partner');
		await member(conn.db, 's1', 'ben', 'partner', 'active', 2);
		await member(conn.db, 's1', 'cal', 'counselor', 'active', 3);
		await member(conn.db, 's1', 'ann', 'partner', 'active', 1);
		await member(conn.db, 's1', 'dee', 'counselor', 'pending', 0);
		await member(conn.db, 's1', 'eve', 'counselor', 'removed', 0);
		await member(conn.db, 's1', 'fay', 'counselor', 'declined', 0);
		expect(await members.membersOf(conn.db, 's1')).toEqual([
			{ userId: 'ann', role: 'partner', status: 'active', joinedAt: new Date(T0 + DAY) },
			{ userId: 'ben', role: 'partner', status: 'active', joinedAt: new Date(T0 + 2 * DAY) },
			{ userId: 'cal', role: 'counselor', status: 'active', joinedAt: new Date(T0 + 3 * DAY) }
		]);
		expect(await members.membersOf(conn.db, 's2')).toEqual([]);
	});

	it('orders people who joined at the same moment by id, the same on every visit', async () => {
		for (const id of ['zoe', 'amy']) await person(conn.db, id, 'partner');
		await member(conn.db, 's1', 'zoe', 'partner', 'active', 1);
		await member(conn.db, 's1', 'amy', 'partner', 'active', 1);
		expect(ids(await members.membersOf(conn.db, 's1'))).toEqual(['amy', 'zoe']);
		expect(ids(await members.partnersOf(conn.db, 's1'))).toEqual(['amy', 'zoe']);
	});
});

describe('namedMembersIn', () => {
	it('lists the people in each space asked about with their names, first to join first, and only those', async () => {
		await conn.db.insert(spaces).values({ id: 's3', name: 's3', createdAt: new Date(T0) });
		for (const id of ['ann', 'ben', 'cal', 'dee']) await person(conn.db, id, 'partner');
		await member(conn.db, 's1', 'ben', 'partner', 'active', 2);
		await member(conn.db, 's1', 'ann', 'partner', 'active', 1);
		await member(conn.db, 's1', 'dee', 'counselor', 'pending', 0);
		await member(conn.db, 's2', 'cal', 'counselor', 'active', 3);
		await member(conn.db, 's2', 'dee', 'partner', 'left', 1);
		await member(conn.db, 's3', 'ann', 'partner', 'active', 1);
		expect(await members.namedMembersIn(conn.db, ['s1', 's2'])).toEqual([
			{ spaceId: 's1', userId: 'ann', name: 'ANN', role: 'partner' },
			{ spaceId: 's1', userId: 'ben', name: 'BEN', role: 'partner' },
			{ spaceId: 's2', userId: 'cal', name: 'CAL', role: 'counselor' }
		]);
		expect(await members.namedMembersIn(conn.db, [])).toEqual([]);
	});
});

describe('hereAndWaiting', () => {
	it('lists who is in and the counselors waiting, with names, first to join first; nobody gone', async () => {
		for (const id of ['ann', 'ben', 'cal', 'dee', 'eve'])
			await person(conn.db, id, id === 'ann' || id === 'ben' ? 'partner' : 'counselor');
		await member(conn.db, 's1', 'ben', 'partner', 'active', 2);
		await member(conn.db, 's1', 'dee', 'counselor', 'pending', 3);
		await member(conn.db, 's1', 'ann', 'partner', 'active', 1);
		await member(conn.db, 's1', 'cal', 'counselor', 'removed', 0);
		await member(conn.db, 's1', 'eve', 'counselor', 'declined', 0);
		await member(conn.db, 's2', 'eve', 'counselor', 'active', 0);
		expect(await members.hereAndWaiting(conn.db, 's1')).toEqual([
			{
				userId: 'ann',
				displayName: 'ANN',
				role: 'partner',
				status: 'active',
				membershipId: 's1-ann'
			},
			{
				userId: 'ben',
				displayName: 'BEN',
				role: 'partner',
				status: 'active',
				membershipId: 's1-ben'
			},
			{
				userId: 'dee',
				displayName: 'DEE',
				role: 'counselor',
				status: 'pending',
				membershipId: 's1-dee'
			}
		]);
	});
});

describe('partnersOf', () => {
	it('gives the active partners with their names, zones and activity setting; never a counselor', async () => {
		await person(conn.db, 'ann', 'partner', 'Europe/Berlin');
		await person(conn.db, 'ben', 'partner', 'America/New_York');
		await person(conn.db, 'cal', 'counselor');
		await member(conn.db, 's1', 'cal', 'counselor', 'active', 0);
		await member(conn.db, 's1', 'ben', 'partner', 'active', 2, true);
		await member(conn.db, 's1', 'ann', 'partner', 'active', 1);
		expect(await members.partnersOf(conn.db, 's1')).toEqual([
			{ userId: 'ann', name: 'ANN', timeZone: 'Europe/Berlin', showsActivity: false },
			{ userId: 'ben', name: 'BEN', timeZone: 'America/New_York', showsActivity: true }
		]);
	});

	it('keeps each space to itself', async () => {
		for (const id of ['ann', 'ben', 'cal']) await person(conn.db, id, 'partner');
		await member(conn.db, 's1', 'ann', 'partner', 'active', 1);
		await member(conn.db, 's2', 'ben', 'partner', 'active', 1);
		await member(conn.db, 's2', 'cal', 'partner', 'active', 2);
		expect(ids(await members.partnersOf(conn.db, 's1'))).toEqual(['ann']);
		expect(ids(await members.partnersOf(conn.db, 's2'))).toEqual(['ben', 'cal']);
	});
});

describe('a space someone left', () => {
	beforeEach(async () => {
		for (const id of ['ann', 'ben']) await person(conn.db, id, 'partner');
		await person(conn.db, 'cal', 'counselor');
		await member(conn.db, 's1', 'ann', 'partner', 'active', 1);
		await member(conn.db, 's1', 'ben', 'partner', 'left', 2);
		await member(conn.db, 's1', 'cal', 'counselor', 'left', 3);
	});

	it('no longer counts them as in it', async () => {
		expect(ids(await members.membersOf(conn.db, 's1'))).toEqual(['ann']);
		expect(ids(await members.partnersOf(conn.db, 's1'))).toEqual(['ann']);
		expect(await members.isFull(conn.db, 's1')).toBe(false);
	});

	it('still names the partner who left in its history, but not a counselor', async () => {
		expect(ids(await members.everyPartnerOf(conn.db, 's1'))).toEqual(['ann', 'ben']);
		expect(await members.partnerNames(conn.db, 's1')).toEqual(
			new Map([
				['ann', 'ANN'],
				['ben', 'BEN']
			])
		);
	});
});

describe('isFull', () => {
	it(`is true once ${MAX_PARTNERS} partners are in, whoever else is there`, async () => {
		for (const id of ['ann', 'ben']) await person(conn.db, id, 'partner');
		for (const id of ['cal', 'dee']) await person(conn.db, id, 'counselor');
		await member(conn.db, 's1', 'ann', 'partner', 'active', 1);
		await member(conn.db, 's1', 'cal', 'counselor', 'active', 2);
		await member(conn.db, 's1', 'dee', 'counselor', 'pending', 3);
		expect(await members.isFull(conn.db, 's1')).toBe(false);
		await member(conn.db, 's1', 'ben', 'partner', 'active', 4);
		expect(await members.partnersOf(conn.db, 's1')).toHaveLength(MAX_PARTNERS);
		expect(await members.isFull(conn.db, 's1')).toBe(true);
		expect(await members.isFull(conn.db, 's2')).toBe(false);
	});

	it('answers inside a transaction from what it has written, and forgets it on a rollback', async () => {
		for (const id of ['ann', 'ben']) await person(conn.db, id, 'partner');
		await member(conn.db, 's1', 'ann', 'partner', 'active', 1);
		expect(await members.isFull(conn.db, 's1')).toBe(false);
		await expect(
			transaction(conn.db, async (tx) => {
				await member(tx, 's1', 'ben', 'partner', 'active', 2);
				expect(await members.isFull(tx, 's1')).toBe(true);
				expect(ids(await members.membersOf(tx, 's1'))).toEqual(['ann', 'ben']);
				throw new Error('roll back');
			})
		).rejects.toThrow('roll back');
		expect(await members.isFull(conn.db, 's1')).toBe(false);
		expect(ids(await members.membersOf(conn.db, 's1'))).toEqual(['ann']);
	});
});

describe('members read alongside another row', () => {
	const alongside = (spaceId: string) =>
		conn.db
			.select({ membership: members.alongside.table })
			.from(spaces)
			.leftJoin(members.alongside.table, members.alongside.on(spaces.id))
			.where(eq(spaces.id, spaceId));

	it('are the same list membersOf gives, however the rows come, and none from a row without a member', async () => {
		for (const id of ['ann', 'ben', 'cal', 'dee', 'eve']) await person(conn.db, id, 'partner');
		await member(conn.db, 's1', 'ben', 'partner', 'active', 2);
		await member(conn.db, 's1', 'cal', 'counselor', 'active', 3);
		await member(conn.db, 's1', 'ann', 'partner', 'active', 2);
		await member(conn.db, 's1', 'dee', 'counselor', 'pending', 1);
		await member(conn.db, 's1', 'eve', 'partner', 'left', 1);
		// Every membership comes, whatever its status; only those in the space now are members.
		const rows = (await alongside('s1')).map((r) => r.membership);
		expect(rows.map((m) => m?.userId).sort()).toEqual(['ann', 'ben', 'cal', 'dee', 'eve']);
		const listed = await members.membersOf(conn.db, 's1');
		expect(ids(listed)).toEqual(['ann', 'ben', 'cal']);
		expect(members.alongside.members(rows)).toEqual(listed);
		expect(members.alongside.members([...rows].reverse())).toEqual(listed);
		const none = (await alongside('s2')).map((r) => r.membership);
		expect(none).toEqual([null]);
		expect(members.alongside.members(none)).toEqual([]);
	});
});

describe('partnerCount', () => {
	it('counts the partners in the space now: not one who left, nor counselors or those waiting', async () => {
		for (const id of ['ann', 'ben', 'cal', 'dee', 'eve']) await person(conn.db, id, 'partner');
		await member(conn.db, 's1', 'ann', 'partner', 'active', 1);
		await member(conn.db, 's1', 'ben', 'partner', 'left', 2);
		await member(conn.db, 's1', 'cal', 'counselor', 'active', 3);
		await member(conn.db, 's1', 'dee', 'counselor', 'pending', 4);
		const count = async () =>
			members.partnerCount((await members.spaceFacts(conn.db, 's1'))!.memberships);
		expect(await count()).toBe(1);
		await member(conn.db, 's1', 'eve', 'partner', 'active', 5);
		expect(await count()).toBe(MAX_PARTNERS);
		expect(members.partnerCount([])).toBe(0);
	});
});

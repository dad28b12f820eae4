import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { authorize, authorizeAmong, allows, type Access } from '../../src/lib/server/policy';
import { changingThings, readingAPage } from '../../src/lib/server/reading';
import { transaction } from '../../src/lib/server/db';
import { commitTogether } from '../../src/lib/server/db/together';
import { memberships, spaces, users } from '../../src/lib/server/db/schema';
import { spaceActions } from '../../src/lib/domain/policy';
import type { MembershipStatus } from '../../src/lib/domain/spaces';
import { AppError } from '../../src/lib/server/errors';
import { hereAndWaiting, partnerNames, partnersOf } from '../../src/lib/server/spaces/members';
import { personRow, tempDatabase } from '../helpers/db';
import { seedSpaces } from '../helpers/seed';

let conn: Awaited<ReturnType<typeof tempDatabase>>;

// Two partners in one space, a stranger with a space of their own.
beforeEach(async () => {
	conn = await tempDatabase();
	await seedSpaces(conn.db, [
		{ id: 'ours', partners: ['ada', 'ben'] },
		{ id: 'theirs', partners: ['sam'] }
	]);
});
afterEach(() => conn.cleanup());

// Gone from the space altogether (as a removed counselor is): nothing of it is theirs to see.
const remove = (userId: string) =>
	conn.db.delete(memberships).where(eq(memberships.userId, userId));
const refused = (asked: Promise<unknown>) => expect(asked).rejects.toThrow(AppError);

describe('readingAPage', () => {
	it('looks a standing up once while a page is read: a change made meanwhile shows from the next page on', async () => {
		await readingAPage(async () => {
			expect((await authorize(conn.db, 'ada', 'note.read', 'ours')).membership.userId).toBe('ada');
			await remove('ada');
			// The same page goes on as it began…
			expect((await authorize(conn.db, 'ada', 'note.write', 'ours')).space.id).toBe('ours');
			expect(await allows(conn.db, 'ada', 'note.read', 'ours')).toBe(true);
		});
		// …and the next one sees the change.
		await refused(authorize(conn.db, 'ada', 'note.read', 'ours'));
		await readingAPage(() => refused(authorize(conn.db, 'ada', 'note.read', 'ours')));
	});

	it('shares facts per person and space only: nobody is answered from someone else’s standing', async () => {
		await readingAPage(async () => {
			expect((await authorize(conn.db, 'ada', 'note.read', 'ours')).membership.userId).toBe('ada');
			await refused(authorize(conn.db, 'sam', 'note.read', 'ours'));
			await refused(authorize(conn.db, 'ada', 'note.read', 'theirs'));
			await refused(authorize(conn.db, null, 'note.read', 'ours'));
			expect((await authorize(conn.db, 'ben', 'note.read', 'ours')).membership.userId).toBe('ben');
			expect((await authorize(conn.db, 'sam', 'note.read', 'theirs')).membership.userId).toBe(
				'sam'
			);
			// A refusal is also a fact: still refused when asked again.
			await refused(authorize(conn.db, 'sam', 'note.read', 'ours'));
		});
	});

	it('still decides every question: a looked-up standing does not allow what it never allowed', async () => {
		await readingAPage(async () => {
			expect(await allows(conn.db, 'ada', 'note.read', 'ours')).toBe(true);
			// Awaiting a counselor's approval is for counselors; a partner is refused it.
			expect(await allows(conn.db, 'ada', 'space.awaitApproval', 'ours')).toBe(false);
		});
	});

	it('a transaction inside a page looks up afresh: what it changes, it sees', async () => {
		await readingAPage(async () => {
			expect(await allows(conn.db, 'ben', 'note.read', 'ours')).toBe(true);
			await transaction(conn.db, async (tx) => {
				await tx.delete(memberships).where(eq(memberships.userId, 'ben'));
				await refused(authorize(tx, 'ben', 'note.read', 'ours'));
			});
		});
	});

	it('work a page read sets going for later (a group commit) looks up afresh, as do changes', async () => {
		const decided = await readingAPage(async () => {
			expect(await allows(conn.db, 'ada', 'note.read', 'ours')).toBe(true);
			await remove('ada');
			const inGroup = commitTogether(conn.db, (db) => allows(db, 'ada', 'note.read', 'ours'));
			const changing = changingThings(() => allows(conn.db, 'ada', 'note.read', 'ours'));
			return {
				inGroup: await inGroup,
				changing: await changing,
				page: await allows(conn.db, 'ada', 'note.read', 'ours')
			};
		});
		expect(decided).toEqual({ inGroup: false, changing: false, page: true });
	});

	it('hands every question the same facts, which nobody can alter on the way', async () => {
		await readingAPage(async () => {
			const first = await authorize(conn.db, 'ada', 'note.read', 'ours');
			expect(() => ((first.membership as { role: string }).role = 'counselor')).toThrow(TypeError);
			expect(() => ((first.standing as { partnerCount: number }).partnerCount = 0)).toThrow(
				TypeError
			);
			expect((await authorize(conn.db, 'ada', 'note.read', 'ours')).membership.role).toBe(
				'partner'
			);
		});
	});

	it('each page read has its own facts, across awaits, even when pages are read at the same time', async () => {
		let release!: () => void;
		const paused = new Promise<void>((r) => (release = r));
		let lookedUp!: () => void;
		const looked = new Promise<void>((r) => (lookedUp = r));
		const first = readingAPage(async () => {
			expect(await allows(conn.db, 'ada', 'note.read', 'ours')).toBe(true);
			lookedUp();
			await paused;
			return allows(conn.db, 'ada', 'note.read', 'ours');
		});
		// The first page has looked its facts up before the change.
		await looked;
		await remove('ada');
		const second = readingAPage(async () => allows(conn.db, 'ada', 'note.read', 'ours'));
		release();
		expect(await Promise.all([first, second])).toEqual([true, false]);
		// Outside any page: always the database as it is now.
		expect(await allows(conn.db, 'ada', 'note.read', 'ours')).toBe(false);
	});
});

describe('who is in a space, while a page is read', () => {
	it('is read once and shared by every question: a change made meanwhile shows from the next page on', async () => {
		await readingAPage(async () => {
			expect((await partnersOf(conn.db, 'ours')).map((p) => p.userId)).toEqual(['ada', 'ben']);
			await remove('ben');
			expect((await hereAndWaiting(conn.db, 'ours')).map((p) => p.userId)).toEqual(['ada', 'ben']);
			// A transaction, and anything that changes things, reads who is there now.
			expect(await transaction(conn.db, async (tx) => (await partnersOf(tx, 'ours')).length)).toBe(
				1
			);
			expect(await changingThings(async () => (await partnersOf(conn.db, 'ours')).length)).toBe(1);
		});
		await readingAPage(async () => {
			expect((await partnersOf(conn.db, 'ours')).map((p) => p.userId)).toEqual(['ada']);
		});
		expect((await partnersOf(conn.db, 'ours')).map((p) => p.userId)).toEqual(['ada']);
	});

	it('is kept per space, and cannot be altered by one reader for the others', async () => {
		await readingAPage(async () => {
			expect((await partnersOf(conn.db, 'theirs')).map((p) => p.userId)).toEqual(['sam']);
			const [first] = await hereAndWaiting(conn.db, 'ours');
			first!.displayName = 'Someone else';
			expect((await hereAndWaiting(conn.db, 'ours'))[0]!.displayName).not.toBe('Someone else');
			expect((await partnerNames(conn.db, 'ours')).get('ada')).not.toBe('Someone else');
		});
	});
});

describe('a standing read with something else', () => {
	it('gets every answer authorize gives, for everyone, in a space open or closed', async () => {
		// A second space with someone of every kind: partners, counselors admitted, waiting and
		// declined, a partner who left.
		await conn.db.insert(spaces).values({ id: 'full', name: 'Full', createdAt: new Date() });
		const kinds: [string, 'partner' | 'counselor', MembershipStatus][] = [
			['cleo', 'partner', 'active'],
			['dan', 'counselor', 'active'],
			['eli', 'counselor', 'pending'],
			['fay', 'partner', 'left'],
			['gus', 'counselor', 'declined'],
			['hal', 'partner', 'active']
		];
		for (const [userId, role, status] of kinds) {
			await conn.db.insert(users).values(personRow(userId));
			await conn.db.insert(memberships).values({
				id: `full-${userId}`,
				spaceId: 'full',
				userId,
				role,
				status,
				joinedAt: new Date()
			});
		}
		const people = [null, 'ada', 'ben', 'sam', 'cleo', 'dan', 'eli', 'fay', 'gus', 'hal', 'nobody'];
		const answerOf = async (asked: () => unknown) => {
			try {
				const access = (await asked()) as Access;
				return { allowed: access.standing, as: access.membership.id, in: access.space.id };
			} catch (error) {
				if (!(error instanceof AppError)) throw error;
				return { refused: error.code, message: error.message };
			}
		};
		let allowed = 0;
		let refusals = 0;
		for (const closed of [false, true]) {
			if (closed)
				await conn.db.update(spaces).set({ status: 'closed' }).where(eq(spaces.id, 'full'));
			for (const spaceId of ['ours', 'full']) {
				const [space] = await conn.db.select().from(spaces).where(eq(spaces.id, spaceId));
				const known = {
					space: space!,
					memberships: await conn.db
						.select()
						.from(memberships)
						.where(eq(memberships.spaceId, spaceId))
				};
				for (const userId of people)
					for (const action of spaceActions) {
						const looked = await answerOf(() => authorize(conn.db, userId, action, spaceId));
						expect(await answerOf(() => authorizeAmong(known, userId, action)), action).toEqual(
							looked
						);
						if ('allowed' in looked) allowed++;
						else refusals++;
					}
			}
		}
		// Both answers were given many times over, so the comparison means something.
		expect(allowed).toBeGreaterThan(50);
		expect(refusals).toBeGreaterThan(50);
	});
});

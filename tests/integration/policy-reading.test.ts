import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { authorize, allows } from '../../src/lib/server/policy';
import { changingThings, readingAPage } from '../../src/lib/server/reading';
import { transaction } from '../../src/lib/server/db';
import { commitTogether } from '../../src/lib/server/db/together';
import { memberships } from '../../src/lib/server/db/schema';
import { AppError } from '../../src/lib/server/errors';
import { hereAndWaiting, partnerNames, partnersOf } from '../../src/lib/server/spaces/members';
import { tempDatabase } from '../helpers/db';
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

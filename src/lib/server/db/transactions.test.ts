import { count, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
	freshDatabaseEachTest,
	personRow,
	userIds,
	type TempDatabase
} from '../../../../tests/helpers/db';
import { afterCommit, commitTogether, ping, transaction, type Db } from '.';
import { forUpdate } from './connection';
import { users } from './schema';

let conn: TempDatabase;
let db: Db;
freshDatabaseEachTest((fresh) => {
	conn = fresh;
	db = fresh.db;
});

const person = personRow;
const names = (handle: Db = db) => userIds(handle);

describe('Transactions, on either engine', () => {
	it('answers a health check', async () => {
		expect(await ping(db)).toBe(true);
	});

	it('reads back what it wrote, with values as the schema maps them', async () => {
		await db.insert(users).values(person('ana'));
		const [row] = await db.select().from(users).where(eq(users.id, 'ana')).limit(1);
		expect(row?.createdAt).toEqual(new Date(1_700_000_000_000));
		expect(row?.email).toBe('ana@example.test');
	});

	it('undoes everything a refused transaction did', async () => {
		await expect(
			transaction(db, async (tx) => {
				await tx.insert(users).values(person('gone'));
				throw new Error('refused');
			})
		).rejects.toThrow('refused');
		expect(await names()).toEqual([]);
	});

	it('runs a transaction inside a transaction as a savepoint: a refusal undoes only its part', async () => {
		await transaction(db, async (tx) => {
			await tx.insert(users).values(person('kept'));
			await expect(
				transaction(tx, async (inner) => {
					await inner.insert(users).values(person('undone'));
					throw new Error('refused');
				})
			).rejects.toThrow('refused');
		});
		expect(await names()).toEqual(['kept']);
	});

	it('commits writes that arrive together as one group, each refusal undoing only itself', async () => {
		const results = await Promise.allSettled([
			commitTogether(db, async (tx) => (await tx.insert(users).values(person('g1')), 'one')),
			commitTogether(db, async (tx) => {
				await tx.insert(users).values(person('g2'));
				throw new Error('refused');
			}),
			commitTogether(db, async (tx) => (await tx.insert(users).values(person('g3')), 'three'))
		]);
		expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
		expect(results[0]).toMatchObject({ value: 'one' });
		expect(await names()).toEqual(['g1', 'g3']);
	});

	it('groups writes that lock one row each into one transaction; a refusal sends each on its own', async () => {
		// On PostgreSQL, which transaction each write ran in; on SQLite every group is one anyway.
		const txid = async (tx: Db) =>
			conn.engine === 'postgres'
				? String((await tx.execute<{ id: string }>(sql`select txid_current() as id`)).rows[0]!.id)
				: 'one';
		const write = (id: string, refuse = false) =>
			commitTogether(
				db,
				async (tx) => {
					await forUpdate(tx, tx.select().from(users).where(eq(users.id, id)));
					await tx.insert(users).values(person(id));
					if (refuse) throw new Error('refused');
					return txid(tx);
				},
				{ locking: true, key: id }
			);
		const together = await Promise.all([write('k3'), write('k1'), write('k2')]);
		expect(new Set(together).size).toBe(1);
		const results = await Promise.allSettled([write('r1'), write('r2', true), write('r3')]);
		expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
		expect(await names()).toEqual(['k1', 'k2', 'k3', 'r1', 'r3']);
	});

	it('keeps one row’s writes in the order they came, however many other rows’ writes came with them', async () => {
		await db.insert(users).values(person('busy'));
		// One row's writes each add their number to it, after the row is locked.
		const append = (n: number) =>
			commitTogether(
				db,
				async (tx) => {
					const [row] = await forUpdate(
						tx,
						tx.select({ name: users.displayName }).from(users).where(eq(users.id, 'busy'))
					);
					await tx
						.update(users)
						.set({ displayName: `${row!.name} ${n}` })
						.where(eq(users.id, 'busy'));
				},
				{ locking: true, key: 'busy' }
			);
		const insert = (id: string) =>
			commitTogether(db, async (tx) => void (await tx.insert(users).values(person(id))), {
				locking: true,
				key: id
			});
		// More writes than one group holds, sorted so that the busy row's come at a group's edge.
		const others = Array.from({ length: 63 }, (_, i) => insert(`a${String(i).padStart(2, '0')}`));
		await Promise.all([...others, append(1), append(2), append(3)]);
		const [busy] = await db
			.select({ name: users.displayName })
			.from(users)
			.where(eq(users.id, 'busy'));
		expect(busy?.name).toBe('busy 1 2 3');
	});

	it('keeps a unique key: the second of two identical inserts is refused and nothing else changes', async () => {
		await db.insert(users).values(person('once'));
		await expect(db.insert(users).values(person('once'))).rejects.toThrow();
		expect(await names()).toEqual(['once']);
	});

	it('runs transactions that read and then write as if one after another, retrying any refused', async () => {
		// Each reads how many people there are and adds the next: ten at once must make ten.
		await Promise.all(
			Array.from({ length: 10 }, () =>
				transaction(db, async (tx) => {
					const [row] = await tx.select({ n: count() }).from(users);
					const n = row?.n ?? 0;
					await tx.insert(users).values(person(`p${n}`));
				})
			)
		);
		expect(await names()).toEqual(Array.from({ length: 10 }, (_, i) => `p${i}`));
	});

	it('runs what was asked for after the commit once the change can be seen, and not at all after a refusal', async () => {
		const ran: string[] = [];
		let visible: Promise<string[]> | undefined;
		await transaction(db, async (tx) => {
			await tx.insert(users).values(person('told'));
			afterCommit(() => {
				ran.push('outer');
				visible = names(); // from outside the transaction
			});
			// Inside a savepoint too: it waits for the whole transaction.
			await transaction(tx, async () => afterCommit(() => ran.push('inner')));
			expect(ran).toEqual([]);
		});
		expect(ran).toEqual(['outer', 'inner']);
		expect(await visible).toEqual(['told']);
		await expect(
			transaction(db, async (tx) => {
				await tx.insert(users).values(person('refused'));
				afterCommit(() => ran.push('never'));
				throw new Error('refused');
			})
		).rejects.toThrow('refused');
		afterCommit(() => ran.push('outside'));
		expect(ran).toEqual(['outer', 'inner', 'outside']);
	});
});

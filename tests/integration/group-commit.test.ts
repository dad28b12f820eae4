import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import type { SqliteRemoteDatabase } from 'drizzle-orm/sqlite-proxy';
import type { Db } from '../../src/lib/server/db';
import { commitTogether } from '../../src/lib/server/db/together';
import { tempDatabase } from '../helpers/db';

let conn: Awaited<ReturnType<typeof tempDatabase>>;
/** The raw better-sqlite3 connection behind the test's database (SQLite only). */
const raw = () => conn.sqlite!.sqlite;

beforeEach(async () => {
	conn = await tempDatabase();
	raw().exec('create table scratch (id integer primary key, label text not null unique)');
});
afterEach(() => conn.cleanup());

/** A transaction's handle as what it is at runtime here: SQLite's query builder, for raw SQL. */
const onSqlite = (tx: Db) => tx as unknown as SqliteRemoteDatabase;
const labels = () =>
	(raw().prepare('select label from scratch order by id').all() as { label: string }[]).map(
		(r) => r.label
	);
const insert = (label: string) => async (tx: Db) => {
	await onSqlite(tx).run(sql`insert into scratch (label) values (${label})`);
	return label;
};

describe('commitTogether', () => {
	it('writes asked for together share one transaction, committed before anyone is answered', async () => {
		// A second connection sees nothing of the group until the group is committed.
		const outside = new Database(conn.path, { readonly: true });
		const seenOutside: number[] = [];
		const peek = () =>
			(outside.prepare('select count(*) as n from scratch').get() as { n: number }).n;
		const done = Promise.all([
			commitTogether(conn.db, insert('first')),
			commitTogether(conn.db, (tx) => {
				seenOutside.push(peek());
				return insert('second')(tx);
			}),
			commitTogether(conn.db, (tx) => {
				seenOutside.push(peek());
				return insert('third')(tx);
			})
		]);
		expect(labels()).toEqual([]);
		await expect(done).resolves.toEqual(['first', 'second', 'third']);
		expect(seenOutside).toEqual([0, 0]);
		expect(peek()).toBe(3);
		outside.close();
	});

	it('a refused write undoes only itself; the others in its group still land', async () => {
		const results = await Promise.allSettled([
			commitTogether(conn.db, insert('kept')),
			commitTogether(conn.db, async (tx) => {
				await insert('undone')(tx);
				throw new Error('refused');
			}),
			commitTogether(conn.db, insert('kept')), // a unique clash: refused by the database
			commitTogether(conn.db, insert('also kept'))
		]);
		expect(results.map((r) => r.status)).toEqual([
			'fulfilled',
			'rejected',
			'rejected',
			'fulfilled'
		]);
		expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('refused'));
		expect(String((results[2] as PromiseRejectedResult).reason.cause)).toMatch(/UNIQUE/);
		expect(labels()).toEqual(['kept', 'also kept']);
	});

	it('settles in the order the writes were asked for, and later writes see earlier ones', async () => {
		const order: string[] = [];
		await Promise.all(
			['a', 'b', 'c', 'd'].map((label, i) =>
				commitTogether(conn.db, async (tx) => {
					const [row] = await onSqlite(tx).values<[number]>(sql`select count(*) as n from scratch`);
					const before = row![0];
					await insert(label)(tx);
					return before;
				}).then((before) => {
					order.push(label);
					expect(before).toBe(i);
				})
			)
		);
		expect(order).toEqual(['a', 'b', 'c', 'd']);
	});

	it('writes in separate turns form separate groups', async () => {
		await commitTogether(conn.db, insert('one'));
		expect(labels()).toEqual(['one']);
		await commitTogether(conn.db, insert('two'));
		expect(labels()).toEqual(['one', 'two']);
	});

	it('when the group cannot be committed, every write in it is refused and none is kept', async () => {
		const pending = Promise.allSettled([
			commitTogether(conn.db, insert('x')),
			commitTogether(conn.db, insert('y'))
		]);
		raw().close();
		const results = await pending;
		expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
		const reopened = new Database(conn.path, { readonly: true });
		expect(reopened.prepare('select count(*) as n from scratch').get()).toEqual({ n: 0 });
		reopened.close();
	});
});

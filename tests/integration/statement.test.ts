import { afterEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { statement } from '../../src/lib/server/db/statement';
import { users } from '../../src/lib/server/db/schema';
import type { DbOrTx } from '../../src/lib/server/db/connection';
import { tempDatabase } from '../helpers/db';

const open: ReturnType<typeof tempDatabase>[] = [];
afterEach(() => open.splice(0).forEach((c) => c.cleanup()));

function database() {
	const conn = tempDatabase();
	open.push(conn);
	return conn;
}

function addUser(db: DbOrTx, id: string, displayName: string) {
	db.insert(users)
		.values({ id, email: `${id}@example.com`, displayName, passwordHash: 'x', kind: 'partner', createdAt: new Date(), timeZone: 'UTC' })
		.run();
}

describe('statement', () => {
	it('is built once per database and reused, and each database answers from its own file', () => {
		let builds = 0;
		const nameOf = statement((db) => {
			builds++;
			return db
				.select({ name: users.displayName })
				.from(users)
				.where(eq(users.id, sql.placeholder('id')))
				.prepare();
		});
		const one = database();
		const two = database();
		addUser(one.db, 'u1', 'Ada');
		addUser(two.db, 'u1', 'Noor');
		expect(nameOf(one.db).get({ id: 'u1' })).toEqual({ name: 'Ada' });
		expect(nameOf(two.db).get({ id: 'u1' })).toEqual({ name: 'Noor' });
		expect(nameOf(one.db).get({ id: 'u1' })).toEqual({ name: 'Ada' });
		expect(nameOf(one.db).get({ id: 'nobody' })).toBeUndefined();
		expect(builds).toBe(2);
	});

	it('runs inside a transaction: sees its uncommitted writes, and nothing of them after a rollback', () => {
		const conn = database();
		const count = statement((db) => db.select({ n: sql<number>`count(*)` }).from(users).prepare());
		expect(count(conn.db).get()).toEqual({ n: 0 });
		expect(() =>
			conn.db.transaction((tx) => {
				addUser(tx, 'u2', 'Sam');
				// Made from the transaction handle or the database: the same statement, the same answer.
				expect(count(tx).get()).toEqual({ n: 1 });
				expect(count(conn.db).get()).toEqual({ n: 1 });
				throw new Error('undo');
			})
		).toThrow('undo');
		expect(count(conn.db).get()).toEqual({ n: 0 });
	});
});

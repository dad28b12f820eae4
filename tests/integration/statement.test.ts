import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { and, eq, sql } from 'drizzle-orm';
import {
	driverStatement,
	statement,
	tableReader,
	writtenLimit
} from '../../src/lib/server/db/statement';
import { memberships, spaces, users } from '../../src/lib/server/db/schema';
import { keepStatements, type DbOrTx } from '../../src/lib/server/db/connection';
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
		.values({
			id,
			email: `${id}@example.com`,
			displayName,
			passwordHash: 'x',
			kind: 'partner',
			createdAt: new Date(),
			timeZone: 'UTC'
		})
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
		const count = statement((db) =>
			db
				.select({ n: sql<number>`count(*)` })
				.from(users)
				.prepare()
		);
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

describe('driverStatement', () => {
	const named = driverStatement((db) =>
		db
			.select({ id: users.id, name: users.displayName, joined: users.createdAt })
			.from(users)
			.where(and(eq(users.kind, 'partner'), eq(users.id, sql.placeholder('id'))))
	);
	const rename = driverStatement((db) =>
		db
			.update(users)
			.set({ displayName: sql.placeholder('name') as unknown as string })
			.where(eq(users.id, sql.placeholder('id')))
	);

	it('runs the builder’s SQL with named values and fixed ones, and answers with rows as arrays', () => {
		const conn = database();
		addUser(conn.db, 'u4', 'Ada');
		const joined = conn.sqlite
			.prepare('select created_at from users where id = ?')
			.pluck()
			.get('u4') as number;
		expect(named(conn.db).get({ id: 'u4' })).toEqual(['u4', 'Ada', joined]);
		expect(named(conn.db).all({ id: 'u4' })).toEqual([['u4', 'Ada', joined]]);
		expect(named(conn.db).get({ id: 'nobody' })).toBeUndefined();
		// The fixed value in the query (kind = 'partner') is bound too.
		conn.sqlite.prepare("update users set kind = 'counselor' where id = 'u4'").run();
		expect(named(conn.db).get({ id: 'u4' })).toBeUndefined();
		expect(rename(conn.db).run({ name: 'Noor', id: 'u4' }).changes).toBe(1);
		expect(rename(conn.db).run({ id: 'nobody', name: 'Sam' }).changes).toBe(0);
		expect(conn.sqlite.prepare('select display_name from users').pluck().all()).toEqual(['Noor']);
	});

	it('refuses to run without a value for every name, and writes nothing', () => {
		const conn = database();
		addUser(conn.db, 'u5', 'Ada');
		expect(() => rename(conn.db).run({ id: 'u5' })).toThrow('No value for name');
		expect(conn.sqlite.prepare('select display_name from users').pluck().get()).toBe('Ada');
	});

	it('keeps answering with arrays when the same SQL is prepared elsewhere, and runs inside transactions', () => {
		const conn = database();
		addUser(conn.db, 'u6', 'Ada');
		const first = named(conn.db).get({ id: 'u6' });
		// Someone else compiles the identical SQL: the connection hands back the same statement,
		// answering with objects for them…
		const text = conn.db
			.select({ id: users.id, name: users.displayName, joined: users.createdAt })
			.from(users)
			.where(and(eq(users.kind, 'partner'), eq(users.id, sql.placeholder('id'))))
			.toSQL().sql;
		expect(conn.sqlite.prepare(text).get('partner', 'u6')).toMatchObject({
			id: 'u6',
			display_name: 'Ada'
		});
		// …and still with arrays here.
		expect(named(conn.db).get({ id: 'u6' })).toEqual(first);
		expect(() =>
			conn.db.transaction((tx) => {
				rename(tx).run({ name: 'Sam', id: 'u6' });
				expect(named(tx).get({ id: 'u6' })?.[1]).toBe('Sam');
				throw new Error('undo');
			})
		).toThrow('undo');
		expect(named(conn.db).get({ id: 'u6' })?.[1]).toBe('Ada');
	});
});

describe('keepStatements', () => {
	it('compiles each statement once and hands it back as a fresh one would be', () => {
		const conn = database();
		addUser(conn.db, 'u3', 'Ada');
		const source = 'select id, display_name from users where id = ?';
		const first = conn.sqlite.prepare(source);
		expect(first.raw().get('u3')).toEqual(['u3', 'Ada']);
		const again = conn.sqlite.prepare(source);
		expect(again).toBe(first);
		// Whatever mode the last caller left it in, it answers with objects again.
		expect(again.get('u3')).toEqual({ id: 'u3', display_name: 'Ada' });
		first.pluck();
		expect(conn.sqlite.prepare(source).get('u3')).toEqual({ id: 'u3', display_name: 'Ada' });
		// Writes are kept too.
		const rename = 'update users set display_name = ? where id = ?';
		expect(conn.sqlite.prepare(rename)).toBe(conn.sqlite.prepare(rename));
		expect(conn.sqlite.prepare(rename).run('Noor', 'u3').changes).toBe(1);
		expect(conn.sqlite.prepare(source).get('u3')).toEqual({ id: 'u3', display_name: 'Noor' });
	});

	it('keeps only the most recently used statements, up to its limit', () => {
		const conn = database();
		const sqlite = new Database(conn.path);
		keepStatements(sqlite, 2);
		const one = sqlite.prepare('select 1');
		const two = sqlite.prepare('select 2');
		expect(sqlite.prepare('select 1')).toBe(one); // "select 1" is now the newest
		sqlite.prepare('select 3'); // the oldest ("select 2") gives way
		expect(sqlite.prepare('select 1')).toBe(one);
		expect(sqlite.prepare('select 2')).not.toBe(two);
		sqlite.close();
	});
});

describe('tableReader', () => {
	it('reads whole tables out of a driver row exactly as the query builder does: dates, flags, nulls', () => {
		const { db } = database();
		addUser(db, 'u1', 'Ada');
		addUser(db, 'u2', 'Noor');
		db.insert(spaces)
			.values({ id: 's1', name: 'Ours', createdBy: 'u1', createdAt: new Date(1_700_000_000_123) })
			.run();
		db.insert(spaces)
			.values({
				id: 's2',
				name: 'Closed',
				status: 'closed',
				stage: 3,
				createdBy: null,
				createdAt: new Date(1_700_000_000_000),
				closedAt: new Date(1_700_000_500_000),
				closedReason: 'stepped_back'
			})
			.run();
		db.insert(memberships)
			.values({
				id: 'm1',
				spaceId: 's1',
				userId: 'u1',
				role: 'partner',
				status: 'active',
				perspective: 'mutual',
				showsActivity: true,
				joinedAt: new Date(1_700_000_000_200)
			})
			.run();
		db.insert(memberships)
			.values({
				id: 'm2',
				spaceId: 's2',
				userId: 'u2',
				role: 'partner',
				status: 'left',
				joinedAt: new Date(1_700_000_000_300),
				endedAt: new Date(1_700_000_400_000)
			})
			.run();
		const both = (built: typeof db) =>
			built
				.select({ space: spaces, membership: memberships, n: sql<number>`42` })
				.from(spaces)
				.innerJoin(memberships, eq(memberships.spaceId, spaces.id))
				.where(eq(spaces.id, sql.placeholder('id')));
		const onDriver = driverStatement((d) => both(d as typeof db));
		const space = tableReader(spaces);
		const membership = tableReader(memberships);
		for (const id of ['s1', 's2']) {
			const expected = both(db).all({ id });
			const row = onDriver(db).get({ id })!;
			const read = {
				space: space.read(row),
				membership: membership.read(row, space.width),
				n: row[space.width + membership.width]
			};
			expect(read).toEqual(expected[0]);
			expect(read.space.createdAt).toBeInstanceOf(Date);
		}
		const open = onDriver(db).get({ id: 's1' })!;
		expect(membership.read(open, space.width).showsActivity).toBe(true);
		expect(space.read(open).closedAt).toBeNull();
		expect(onDriver(db).get({ id: 'nowhere' })).toBeUndefined();
	});

	it('refuses a statement whose columns are not where a reader expects them', () => {
		const { db } = database();
		const space = tableReader(spaces);
		const membership = tableReader(memberships);
		const verify = (columns: Parameters<typeof space.check>[0]) => {
			space.check(columns, 0);
			membership.check(columns, space.width);
		};
		const inOrder = driverStatement(
			(d) =>
				d
					.select({ space: spaces, membership: memberships })
					.from(spaces)
					.innerJoin(memberships, eq(memberships.spaceId, spaces.id)),
			verify
		);
		expect(inOrder(db).get()).toBeUndefined();
		const swapped = driverStatement(
			(d) =>
				d
					.select({ membership: memberships, space: spaces })
					.from(spaces)
					.innerJoin(memberships, eq(memberships.spaceId, spaces.id)),
			verify
		);
		expect(() => swapped(db)).toThrow('Column 0 is memberships.id, not spaces.id');
		const short = driverStatement((d) => d.select({ space: spaces }).from(spaces), verify);
		// The first membership column would come right after the space's.
		expect(() => short(db)).toThrow(`Column ${space.width} is undefined`);
	});
});

describe('writtenLimit', () => {
	it('writes the limit into the statement, so no value is bound to it, and limits the rows', () => {
		const conn = database();
		for (const [id, name] of [
			['u6', 'Ada'],
			['u7', 'Ben'],
			['u8', 'Noor']
		] as const)
			addUser(conn.db, id, name);
		const query = (db: DbOrTx) =>
			db.select({ id: users.id }).from(users).orderBy(users.id).limit(writtenLimit(2));
		const { sql: text, params } = query(conn.db).toSQL();
		expect(text).toMatch(/ limit 2$/);
		expect(params).toEqual([]);
		expect(query(conn.db).all()).toEqual([{ id: 'u6' }, { id: 'u7' }]);
		const onDriver = driverStatement(query);
		expect(onDriver(conn.db).all()).toEqual([['u6'], ['u7']]);
	});

	it('takes only a whole number of rows', () => {
		for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])
			expect(() => writtenLimit(bad), String(bad)).toThrow('Not a limit');
		expect(() => writtenLimit(0)).not.toThrow();
	});
});

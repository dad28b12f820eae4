import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDatabase } from '../../../../tests/helpers/db';
import { transaction } from './connection';
import { StatementNames } from './postgres';
import { users } from './schema';

describe('Statement names', () => {
	it('names a text the second time it is seen, and keeps the name', () => {
		const names = new StatementNames();
		expect(names.nameFor('select $1')).toBeUndefined();
		const named = names.nameFor('select $1');
		expect(named).toMatch(/^s\d+$/);
		expect(names.nameFor('select $1')).toBe(named);
		expect(names.nameFor('select $1, $2')).toBeUndefined();
		const other = names.nameFor('select $1, $2');
		expect(other).not.toBe(named);
	});

	it('stops naming new texts after the first five hundred, and keeps the names given', () => {
		const names = new StatementNames();
		for (let i = 0; i < 500; i++) {
			names.nameFor(`select ${i}`);
			expect(names.nameFor(`select ${i}`)).toBeDefined();
		}
		names.nameFor('select 500');
		expect(names.nameFor('select 500')).toBeUndefined();
		expect(names.nameFor('select 7')).toBeDefined();
	});
});

describe('Repeated statements on PostgreSQL', () => {
	let conn: Awaited<ReturnType<typeof tempDatabase>>;
	beforeAll(async () => {
		conn = await tempDatabase();
	});
	afterAll(async () => {
		await conn.cleanup();
	});

	it('are parsed once per connection and kept prepared under a name', async () => {
		const prepared = await transaction(conn.db, async (tx) => {
			for (let i = 0; i < 3; i++)
				await tx
					.select({ id: users.id })
					.from(users)
					.where(eq(users.id, `someone-${i}`));
			return tx.execute<{ name: string; statement: string }>(
				sql`select name, statement from pg_prepared_statements`
			);
		});
		const rows = (prepared as unknown as { rows: { name: string; statement: string }[] }).rows;
		const mine = rows.filter((r) => r.statement.includes('from "users" where "users"."id" = $1'));
		expect(mine).toHaveLength(1);
		expect(mine[0]!.name).toMatch(/^s\d+$/);
	});

	it('still run a text of several statements without values', async () => {
		for (let i = 0; i < 3; i++) {
			const result = await conn.db.execute(sql.raw('select 1 as one; select 2 as two'));
			expect(result).toBeDefined();
		}
		const [row] = await conn.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(users);
		expect(row?.n).toBe(0);
	});
});

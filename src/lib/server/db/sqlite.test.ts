import { describe, expect, it } from 'vitest';
import {
	freshDatabaseEachTest,
	personRow,
	userIds,
	type TempDatabase
} from '../../../../tests/helpers/db';
import { transaction, type Db } from '.';
import { users } from './schema';
import { SqliteEngine } from './sqlite';
import { eq } from 'drizzle-orm';

let conn: TempDatabase;
let db: Db;
freshDatabaseEachTest((fresh) => {
	conn = fresh;
	db = fresh.db;
});

const person = personRow;
const names = (handle: Db = db) => userIds(handle);

/** A promise and the function that settles it, to hold a transaction open. */
function gate() {
	let open!: () => void;
	const opened = new Promise<void>((resolve) => (open = resolve));
	return { opened, open };
}

describe('SQLite behind the asynchronous builder', () => {
	it('makes statements from elsewhere wait while a transaction is open, then runs them in order', async () => {
		const hold = gate();
		const seen: string[] = [];
		const tx = transaction(db, async (t) => {
			await t.insert(users).values(person('a'));
			await hold.opened;
			seen.push('tx sees ' + (await names(t)).join(','));
		});
		await Promise.resolve();
		const outside = names().then((n) => seen.push('outside sees ' + n.join(',')));
		// Several turns of the event loop pass; the outside read still waits.
		await new Promise((go) => setImmediate(go));
		expect(seen).toEqual([]);
		hold.open();
		await Promise.all([tx, outside]);
		expect(seen).toEqual(['tx sees a', 'outside sees a']);
	});

	it('runs transactions one after another, in the order they were asked for', async () => {
		const order: string[] = [];
		await Promise.all(
			['1', '2', '3'].map((n) =>
				transaction(db, async (tx) => {
					order.push(`start ${n}`);
					await tx.insert(users).values(person(n));
					await new Promise((go) => setImmediate(go));
					order.push(`end ${n}`);
				})
			)
		);
		expect(order).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
	});

	it('refuses a body that uses the outer handle, and a transaction handle used after its transaction', async () => {
		await expect(
			transaction(db, async () => {
				await db.insert(users).values(person('wrong'));
			})
		).rejects.toMatchObject({ cause: { message: expect.stringMatching(/outer database handle/) } });
		let kept: Db | null = null;
		await transaction(db, async (tx) => {
			kept = tx;
		});
		await expect(names(kept!)).rejects.toMatchObject({
			cause: { message: expect.stringMatching(/after its transaction/) }
		});
		expect(await names()).toEqual([]);
	});

	it('compiles a statement once and keeps it, up to a number of statements, the least used going first', async () => {
		const engine = new SqliteEngine(`${conn.path}.kept`, 2);
		try {
			engine.migrate();
			const compiled: string[] = [];
			const prepare = engine.sqlite.prepare.bind(engine.sqlite);
			engine.sqlite.prepare = ((source: string) => {
				compiled.push(source);
				return prepare(source);
			}) as typeof engine.sqlite.prepare;
			const handle = engine.outside as unknown as Db;
			const byId = (id: string) =>
				handle.select({ id: users.id }).from(users).where(eq(users.id, id));
			const byEmail = (email: string) =>
				handle.select({ id: users.id }).from(users).where(eq(users.email, email));
			await handle.insert(users).values(person('kay'));
			await byId('kay');
			await byId('lou');
			expect(compiled).toHaveLength(2); // the insert and the select, each once
			await byEmail('kay@example.test'); // a third: the insert, least used, goes
			await byId('kay');
			expect(compiled).toHaveLength(3);
			await handle.insert(users).values(person('lou'));
			expect(compiled).toHaveLength(4);
			expect(await byId('lou')).toEqual([{ id: 'lou' }]);
		} finally {
			engine.close();
		}
	});
});

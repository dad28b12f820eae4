import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	freshDatabaseEachTest,
	personRow,
	userIds,
	type TempDatabase
} from '../../../../tests/helpers/db';
import { transaction, type Db } from '.';
import { spaces, users } from './schema';
import { openReady } from './connection';
import { migrationsFolder } from './paths';
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

describe('A database made before the newest migrations', () => {
	it('opens, takes the migration that keeps milestones, and finds each space its own', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'trellis-upgrade-'));
		try {
			// The migrations as they were before the milestone was kept on the space.
			const before = join(dir, 'drizzle');
			cpSync(migrationsFolder(), before, { recursive: true });
			const journalFile = join(before, 'meta', '_journal.json');
			const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as {
				entries: { tag: string }[];
			};
			const newest = journal.entries.findIndex((e) => e.tag === '0026_stage_reached');
			expect(newest).toBeGreaterThan(0);
			journal.entries = journal.entries.slice(0, newest);
			writeFileSync(journalFile, JSON.stringify(journal));
			const file = join(dir, 'older.db');
			const older = new Database(file);
			migrate(drizzle(older), { migrationsFolder: before });
			older.exec(`
				insert into users (id, email, display_name, password_hash, kind, created_at)
					values ('ada', 'ada@example.test', 'Ada', 'x', 'partner', 0);
				insert into spaces (id, name, status, stage, created_at) values
					('new', 'New', 'active', 1, 0), ('up', 'Up', 'active', 3, 0),
					('back', 'Back', 'active', 2, 0), ('on', 'On', 'active', 5, 0);
				insert into journey_events (id, space_id, kind, from_stage, to_stage, actor_id, outcome, at) values
					('e1', 'up', 'advanced', 1, 2, 'ada', null, 1000),
					('e2', 'up', 'advanced', 2, 3, 'ada', null, 2000),
					('e3', 'back', 'advanced', 1, 2, 'ada', null, 1000),
					('e4', 'back', 'advanced', 2, 3, 'ada', null, 2000),
					('e5', 'back', 'moved_back', 3, 2, 'ada', null, 3000),
					('e6', 'on', 'advanced', 3, 4, 'ada', null, 1000),
					('e7', 'on', 'revealed', 4, 4, 'ada', 'more_time', 2000),
					('e8', 'on', 'revealed', 4, 5, 'ada', 'rebuilding', 3000);
			`);
			older.close();
			const opened = await openReady(file);
			try {
				const rows = await opened.db
					.select({ id: spaces.id, at: spaces.reachedAt, how: spaces.reachedHow })
					.from(spaces)
					.orderBy(spaces.id);
				expect(rows).toEqual([
					{ id: 'back', at: null, how: null },
					{ id: 'new', at: null, how: null },
					{ id: 'on', at: new Date(3000), how: 'continued' },
					{ id: 'up', at: new Date(2000), how: 'reached' }
				]);
			} finally {
				await opened.close();
			}
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

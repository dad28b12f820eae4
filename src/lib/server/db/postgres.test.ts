import { eq, isNull, sql } from 'drizzle-orm';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personRow, tempDatabase } from '../../../../tests/helpers/db';
import { freshPostgresDatabase } from '../../../../tests/helpers/engine';
import { deliverDue, enqueue, type MailSettings } from '../mail';
import { claim } from '../mail/outbox';
import type { Transport } from '../mail/transport';
import { holdingRow, kept, openReady, ping, transaction, type Db } from './connection';
import { openPostgres, StatementNames } from './postgres';
import { mailOutbox, users } from './schema';

const T0 = Date.UTC(2026, 5, 1, 9);
const settings: MailSettings = { origin: 'http://127.0.0.1:5999', from: 'Trellis <t@example.com>' };

let conn: Awaited<ReturnType<typeof tempDatabase>>;
beforeAll(async () => {
	conn = await tempDatabase();
});
afterAll(async () => {
	await conn.cleanup();
});

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

describe('Kept statements in PostgreSQL transactions', () => {
	let builds = 0;
	const named = kept('test_user_named', (db: Db) => {
		builds++;
		return db
			.select({ id: users.id })
			.from(users)
			.where(eq(users.displayName, sql.placeholder('name')));
	});

	it('are built once for a connection, not once for each transaction', async () => {
		builds = 0;
		for (let i = 0; i < 5; i++) {
			const found = await transaction(conn.db, async (tx) => {
				await tx.insert(users).values(personRow(`kept-${i}`));
				return named(tx, { name: `kept-${i}` });
			});
			// Run inside the transaction: it sees the row the transaction has not yet committed.
			expect(found).toEqual([{ id: `kept-${i}` }]);
		}
		// One after another, the transactions have the same connection from the pool.
		expect(builds).toBe(1);
	});

	it('run on the connection of the transaction they are run in', async () => {
		// Two transactions at once, each waiting for the other before it reads and before it ends.
		const together = () => {
			let arrived = 0;
			let all!: () => void;
			const met = new Promise<void>((go) => (all = go));
			return () => {
				if (++arrived === 2) all();
				return met;
			};
		};
		const written = together();
		const read = together();
		const seenBy = (id: string) =>
			transaction(
				conn.db,
				async (tx) => {
					await tx.insert(users).values(personRow(id));
					await written();
					const seen = [
						...(await named(tx, { name: 'apart-a' })),
						...(await named(tx, { name: 'apart-b' }))
					];
					await read();
					return seen;
				},
				// READ COMMITTED: neither is refused for reading what the other writes.
				{ locking: true }
			);
		const [a, b] = await Promise.all([seenBy('apart-a'), seenBy('apart-b')]);
		// Each sees its own row, not yet committed, and not the other's.
		expect(a).toEqual([{ id: 'apart-a' }]);
		expect(b).toEqual([{ id: 'apart-b' }]);
	});

	it('see nothing of a transaction that was undone', async () => {
		await expect(
			transaction(conn.db, async (tx) => {
				await tx.insert(users).values(personRow('undone'));
				expect(await named(tx, { name: 'undone' })).toHaveLength(1);
				throw new Error('undo');
			})
		).rejects.toThrow('undo');
		expect(await transaction(conn.db, (tx) => named(tx, { name: 'undone' }))).toEqual([]);
		expect(await named(conn.db, { name: 'undone' })).toEqual([]);
	});
});

describe('The outer handle inside a PostgreSQL transaction', () => {
	const refused = { cause: { message: expect.stringMatching(/outer database handle/) } };
	const anyone = () => conn.db.select({ id: users.id }).from(users).limit(1);

	it('is refused in a transaction body, which then does nothing', async () => {
		await expect(
			transaction(conn.db, async (tx) => {
				await tx.insert(users).values(personRow('outer-tx'));
				return anyone();
			})
		).rejects.toMatchObject(refused);
		expect(await conn.db.select().from(users).where(eq(users.id, 'outer-tx'))).toEqual([]);
	});

	it('is refused while a row is held for work, and after the work it answers again', async () => {
		await expect(
			holdingRow(
				conn.db,
				async () => 'a row',
				async () => anyone()
			)
		).rejects.toMatchObject(refused);
		await expect(anyone()).resolves.toBeInstanceOf(Array);
	});
});

describe('Mail sent by two processes at once', () => {
	it('goes once: each process skips the messages the other holds', async () => {
		const url = await freshPostgresDatabase();
		const [one, two] = [await openReady(url), await openReady(url)];
		try {
			const ids: string[] = [];
			for (let i = 0; i < 12; i++)
				ids.push(
					await enqueue(
						one.db,
						{ to: `p${i}@example.com`, userId: null, kind: 'signup_existing' },
						T0
					)
				);
			// Each send waits until the other process is sending too (or a moment has passed, when
			// it has nothing left to send), so that both hold a message at the same time.
			const sent: string[] = [];
			let sending = 0;
			let together = 0;
			const waiters: (() => void)[] = [];
			const transport: Transport = {
				async send(message) {
					sending++;
					if (sending > 1) together++;
					for (const wake of waiters.splice(0)) wake();
					if (sending < 2)
						await new Promise<void>((ok) => {
							waiters.push(ok);
							setTimeout(ok, 200);
						});
					sent.push(message.messageId!);
					sending--;
				},
				close() {}
			};
			const results = await Promise.all([
				deliverDue(one.db, transport, settings, () => T0),
				deliverDue(two.db, transport, settings, () => T0)
			]);
			expect(results.reduce((n, r) => n + r.sent, 0)).toBe(12);
			expect(results.every((r) => r.sent > 0)).toBe(true);
			expect(together).toBeGreaterThan(0);
			expect([...sent].sort()).toEqual(ids.map((id) => `<${id}@127.0.0.1>`).sort());
			const left = await one.db.select().from(mailOutbox).where(isNull(mailOutbox.sentAt));
			expect(left).toEqual([]);
		} finally {
			await Promise.all([one.close(), two.close()]);
		}
	});
});

describe('A PostgreSQL server that cannot be reached', () => {
	it('fails a statement after the connection timeout, not when the network gives up', async () => {
		// Takes the connection and never answers: how a server behind a dropped link looks.
		const held: Socket[] = [];
		const silent = createServer((socket) => void held.push(socket));
		await new Promise<void>((listening) => silent.listen(0, '127.0.0.1', listening));
		const { port } = silent.address() as AddressInfo;
		const pg = openPostgres(`postgres://trellis@127.0.0.1:${port}/trellis`, 1, 300);
		try {
			const started = Date.now();
			await expect(ping(pg as unknown as Db)).rejects.toMatchObject({
				cause: { message: expect.stringMatching(/timeout/i) }
			});
			expect(Date.now() - started).toBeLessThan(5_000);
			expect(held.length).toBeGreaterThan(0);
		} finally {
			await pg.$client.end();
			for (const socket of held) socket.destroy();
			await new Promise((closed) => silent.close(closed));
		}
	});
});

describe('A connection lost while it is in use', () => {
	it('fails what was running on it; the process goes on, and the message goes later', async () => {
		const url = await freshPostgresDatabase();
		const app = await openReady(url);
		// Outside the app's pool: what an administrator (or a restart) does to the server.
		const admin = new pg.Client({ connectionString: url });
		await admin.connect();
		try {
			await enqueue(app.db, { to: 'p@example.com', userId: null, kind: 'signup_existing' }, T0);
			const sent: string[] = [];
			let tries = 0;
			const transport: Transport = {
				async send(message) {
					if (++tries === 1) {
						// The message is held by a transaction; its server process is ended, and this
						// waits until it has gone.
						const { rows } = await admin.query<{ pid: number }>(
							`select pg_terminate_backend(pid), pid from pg_stat_activity
							 where datname = current_database() and state = 'idle in transaction'`
						);
						expect(rows).toHaveLength(1);
						for (;;) {
							const still = await admin.query('select 1 from pg_stat_activity where pid = $1', [
								rows[0]!.pid
							]);
							if (still.rows.length === 0) break;
						}
						return;
					}
					sent.push(message.messageId!);
				},
				close() {}
			};
			await expect(deliverDue(app.db, transport, settings, () => T0)).rejects.toThrow();
			expect(await ping(app.db)).toBe(true);
			expect(await deliverDue(app.db, transport, settings, () => T0)).toEqual({
				sent: 1,
				failed: 0
			});
			expect(sent).toHaveLength(1);
		} finally {
			await admin.end();
			await app.close();
		}
	});
});

describe('A row held by a process that has gone silent', () => {
	it('is let go after a while, for another process to take', async () => {
		const url = await freshPostgresDatabase();
		const [one, two] = [await openReady(url), await openReady(url)];
		try {
			const id = await enqueue(
				one.db,
				{ to: 'p@example.com', userId: null, kind: 'signup_existing' },
				T0
			);
			const find = (tx: Db) => claim(tx, id, T0);
			let arrived!: () => void;
			let wakes!: () => void;
			const holding = new Promise<void>((ok) => (arrived = ok));
			const woken = new Promise<void>((ok) => (wakes = ok));
			// The first process takes it, then is heard from no more (its machine has gone).
			const silent = holdingRow(one.db, find, () => (arrived(), woken), 200);
			await holding;
			expect(await holdingRow(two.db, find, async () => 'taken')).toBeNull();
			let taken: string | null = null;
			while (taken === null) taken = await holdingRow(two.db, find, async () => 'taken');
			expect(taken).toBe('taken');
			// Heard from again, it finds the row was let go, and what it did there is undone.
			wakes();
			await expect(silent).rejects.toThrow();
		} finally {
			await Promise.all([one.close(), two.close()]);
		}
	});
});

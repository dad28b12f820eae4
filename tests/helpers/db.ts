import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openReady, type Connection } from '../../src/lib/server/db/connection';
import { afterEach, beforeEach } from 'vitest';
import type { Db } from '../../src/lib/server/db/connection';
import { users } from '../../src/lib/server/db/schema';
import { freshPostgresDatabase, testEngine } from './engine';

/**
 * A real, empty database with the real migrations applied: a SQLite file in a fresh folder, or in
 * the suites' PostgreSQL run a fresh PostgreSQL database.
 */
export type TempDatabase = Connection & { cleanup: () => Promise<void> };

export async function tempDatabase(): Promise<TempDatabase> {
	if (testEngine() === 'postgres') {
		const conn = await openReady(await freshPostgresDatabase());
		return { ...conn, cleanup: () => conn.close() };
	}
	const dir = mkdtempSync(join(tmpdir(), 'trellis-db-'));
	const conn = await openReady(join(dir, 'test.db'));
	return {
		...conn,
		cleanup: async () => {
			await conn.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** A fresh database for each test of a file, handed to `use` before the test runs. */
export function freshDatabaseEachTest(use: (conn: TempDatabase) => void): void {
	let conn: TempDatabase | undefined;
	beforeEach(async () => {
		conn = await tempDatabase();
		use(conn);
	});
	afterEach(async () => {
		await conn?.cleanup();
		conn = undefined;
	});
}

/** A person's row, for tests that write people straight into the database. */
export const personRow = (id: string) => ({
	id,
	email: `${id}@example.test`,
	displayName: id,
	passwordHash: 'x',
	kind: 'partner' as const,
	createdAt: new Date(1_700_000_000_000)
});

/** The ids of everyone in the database, in order. */
export const userIds = async (db: Db) =>
	(await db.select({ id: users.id }).from(users).orderBy(users.id)).map((u) => u.id);

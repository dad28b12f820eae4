import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openReady, type Connection } from '../../src/lib/server/db/connection';
import { freshPostgresDatabase, testEngine } from './engine';

/**
 * A real, empty database with the real migrations applied: a SQLite file in a fresh folder, or in
 * the suites' PostgreSQL run a fresh PostgreSQL database.
 */
export async function tempDatabase(): Promise<Connection & { cleanup: () => Promise<void> }> {
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

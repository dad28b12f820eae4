import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openReady, type Connection } from '../../src/lib/server/db/connection';

/** A real SQLite file in a fresh folder, with the real migrations applied. */
export async function tempDatabase(): Promise<Connection & { cleanup: () => Promise<void> }> {
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

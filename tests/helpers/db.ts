import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Connection } from '../../src/lib/server/db/connection';

/** A real SQLite file in a fresh folder, with the real migrations applied. */
export function tempDatabase(): Connection & { cleanup: () => void } {
	const dir = mkdtempSync(join(tmpdir(), 'trellis-db-'));
	const conn = openDatabase(join(dir, 'test.db'));
	return {
		...conn,
		cleanup: () => {
			conn.sqlite.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

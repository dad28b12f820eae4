import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { startApp, type RunningApp } from '../helpers/app';
import { PASSWORD, Visitor } from '../helpers/http';
import { couple } from '../helpers/spaces';
import { writeNote } from '../helpers/notes';

const dir = mkdtempSync(join(tmpdir(), 'trellis-backup-'));
const apps: RunningApp[] = [];
afterAll(async () => {
	for (const app of apps) await app.stop();
	rmSync(dir, { recursive: true, force: true });
});

function backup(source: string, target: string): Promise<{ code: number | null; out: string }> {
	return new Promise((ok) => {
		const child = spawn(
			process.execPath,
			[resolve(import.meta.dirname, '../../scripts/backup.js'), target],
			{
				env: { ...process.env, DATABASE_PATH: source },
				stdio: ['ignore', 'pipe', 'pipe']
			}
		);
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (out += d));
		child.on('exit', (code) => ok({ code, out }));
	});
}

describe('npm run backup', () => {
	it('copies the database while it is being written to, and the copy serves a fresh server', async () => {
		const live = join(dir, 'live.db');
		const app = await startApp({ DATABASE_PATH: live });
		apps.push(app);
		const { a, spaceId } = await couple(app.origin, live);
		const before = await writeNote(a, spaceId, { body: 'Written before the backup began' });

		// Keep writing while the backup runs.
		let writing = true;
		let written = 0;
		const writer = (async () => {
			while (writing) {
				await writeNote(a, spaceId, { body: `Written during the backup ${written}` });
				written++;
			}
		})();
		// Into a folder that is not there yet: the backup makes it.
		const target = join(dir, 'backups', 'copy.db');
		const result = await backup(live, target);
		writing = false;
		await writer;
		expect(result.code, result.out).toBe(0);
		expect(result.out).toContain('Backed up');
		expect(written).toBeGreaterThan(0);

		const copy = new Database(target, { readonly: true });
		expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
		const notes = (copy.prepare('select count(*) as n from notes').get() as { n: number }).n;
		copy.close();
		expect(notes).toBeGreaterThanOrEqual(1);

		// Restore: a new server on the copy, and the person finds their note.
		const restored = await startApp({ DATABASE_PATH: target });
		apps.push(restored);
		const again = new Visitor(restored.origin);
		expect((await again.logIn(a.email, PASSWORD)).status).toBe(303);
		const page = await (await again.get(`/spaces/${spaceId}/journal/${before}`)).text();
		expect(page).toContain('Written before the backup began');
	});

	it('says clearly what is wrong instead of failing obscurely', async () => {
		const missing = await backup(join(dir, 'nope.db'), join(dir, 'x.db'));
		expect(missing.code).toBe(2);
		expect(missing.out).toContain('There is no database at');
		const noTarget = await new Promise<string>((ok) => {
			const child = spawn(
				process.execPath,
				[resolve(import.meta.dirname, '../../scripts/backup.js')],
				{ stdio: ['ignore', 'pipe', 'pipe'] }
			);
			let out = '';
			child.stderr.on('data', (d) => (out += d));
			child.on('exit', () => ok(out));
		});
		expect(noTarget).toContain('Please say where to write the backup');
	});
});

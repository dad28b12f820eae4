import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { derivedSecret, serverKey } from './secrets';

const saved = { APP_SECRET: process.env.APP_SECRET, DATABASE_PATH: process.env.DATABASE_PATH };
const forget = () =>
	delete (globalThis as Record<symbol, unknown>)[Symbol.for('trellis.server-key')];
let dir = '';

afterEach(() => {
	for (const [name, value] of Object.entries(saved))
		if (value === undefined) delete process.env[name];
		else process.env[name] = value;
	forget();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the server's key", () => {
	it('is made once, beside the database, readable by its owner only, and kept across restarts', () => {
		dir = mkdtempSync(join(tmpdir(), 'trellis-key-'));
		delete process.env.APP_SECRET;
		process.env.DATABASE_PATH = join(dir, 'app.db');
		forget();
		const first = serverKey();
		const secret = derivedSecret('label');
		expect(statSync(join(dir, 'server.key')).mode & 0o777).toBe(0o600);
		forget(); // as after a restart
		expect(serverKey()).toEqual(first);
		expect(derivedSecret('label')).toBe(secret);
		expect(derivedSecret('other')).not.toBe(secret);
	});

	it('is refused, with a sentence saying so, when its file holds no whole key', () => {
		dir = mkdtempSync(join(tmpdir(), 'trellis-key-'));
		delete process.env.APP_SECRET;
		process.env.DATABASE_PATH = join(dir, 'app.db');
		// As a process that read the file while another was still writing it would have found it.
		writeFileSync(join(dir, 'server.key'), '');
		forget();
		expect(() => serverKey()).toThrow(/server\.key .* is damaged/);
		writeFileSync(join(dir, 'server.key'), 'ab'.repeat(16) + '\n');
		forget();
		expect(() => serverKey()).toThrow(/is damaged/);
	});

	it('is APP_SECRET when given, which must be long enough', () => {
		process.env.APP_SECRET = 'short';
		forget();
		expect(() => serverKey()).toThrow(/at least 32/);
		process.env.APP_SECRET = 'x'.repeat(40);
		forget();
		expect(new TextDecoder().decode(serverKey())).toBe('x'.repeat(40));
	});
});

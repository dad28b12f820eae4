import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { madeOnce } from './made-once';

let dir = '';
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'trellis-once-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const asNumber = (text: string) => {
	if (!/^\d+\n$/.test(text)) throw new Error('not a number');
	return Number(text);
};

describe('a file made once', () => {
	it('is made the first time, readable by its owner only, and read from then on', () => {
		const file = join(dir, 'keys', 'made.txt');
		expect(madeOnce(file, () => '7\n', asNumber)).toBe(7);
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(madeOnce(file, () => '8\n', asNumber)).toBe(7);
		expect(readdirSync(join(dir, 'keys'))).toEqual(['made.txt']);
	});

	it("is the other process's when it made it first, while this one made its own", () => {
		const file = join(dir, 'made.txt');
		const made = madeOnce(
			file,
			() => {
				// Another process, starting at the same moment, puts its file in place first.
				writeFileSync(file, '1\n', { mode: 0o600 });
				return '2\n';
			},
			asNumber
		);
		expect(made).toBe(1);
		expect(readdirSync(dir)).toEqual(['made.txt']);
	});

	it('says so when it is there but does not read, rather than making another', () => {
		const file = join(dir, 'server.key');
		writeFileSync(file, '');
		expect(() => madeOnce(file, () => '3\n', asNumber)).toThrow(/server\.key .* is damaged/);
		expect(statSync(file).size).toBe(0);
	});
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seal, unseal } from './sealed';

const saved = process.env.APP_SECRET;
const useServerKey = (value: string | undefined) => {
	if (value === undefined) delete process.env.APP_SECRET;
	else process.env.APP_SECRET = value;
	delete (globalThis as Record<symbol, unknown>)[Symbol.for('trellis.server-key')];
};
// A server key of the test's own: nothing is written beside any database.
beforeAll(() => useServerKey('a test key that is long enough to be accepted here'));
afterAll(() => useServerKey(saved));

describe('sealing a secret at rest', () => {
	const secret = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

	it('opens again for the same owner, and does not show the secret while sealed', () => {
		const sealed = seal(secret, 'user-1');
		expect(sealed.includes(Buffer.from(secret))).toBe(false);
		expect(unseal(sealed, 'user-1')).toEqual(secret);
	});

	it('is different every time it is sealed', () => {
		expect(seal(secret, 'user-1').equals(seal(secret, 'user-1'))).toBe(false);
	});

	it('does not open for another owner, once tampered with, or under another server key', () => {
		const sealed = seal(secret, 'user-1');
		expect(unseal(sealed, 'user-2')).toBeNull();
		const tampered = Buffer.from(sealed);
		tampered[tampered.length - 1]! ^= 1;
		expect(unseal(tampered, 'user-1')).toBeNull();
		expect(unseal(new Uint8Array(5), 'user-1')).toBeNull();
		useServerKey('another test key, just as long as the first one');
		expect(unseal(sealed, 'user-1')).toBeNull();
	});
});

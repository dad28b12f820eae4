import { describe, expect, it } from 'vitest';
import {
	hashSecret,
	newSessionToken,
	parseSessionToken,
	randomString,
	secretMatches
} from './tokens';

describe('random strings', () => {
	it('are 24 characters from the unambiguous alphabet by default', () => {
		const s = randomString();
		expect(s).toMatch(/^[a-km-np-z2-9]{24}$/);
	});

	it('do not repeat', () => {
		const seen = new Set(Array.from({ length: 2000 }, () => randomString()));
		expect(seen.size).toBe(2000);
	});

	it('use every symbol of the alphabet (no bias towards a subset)', () => {
		const all = new Set(randomString(4000));
		expect(all.size).toBe(32);
	});
});

describe('session tokens', () => {
	it('are id.secret and parse back into their parts', () => {
		const { id, secret, token } = newSessionToken();
		expect(token).toBe(`${id}.${secret}`);
		expect(parseSessionToken(token)).toEqual({ id, secret });
	});

	it.each([
		'',
		'abc',
		'a.b',
		`${'a'.repeat(24)}.${'a'.repeat(23)}`,
		`${'a'.repeat(24)}.${'a'.repeat(24)}.x`,
		`${'l'.repeat(24)}.${'a'.repeat(24)}`
	])('reject malformed token %j', (token) => expect(parseSessionToken(token)).toBeNull());

	it('store only a SHA-256 hash of the secret, compared in constant time', () => {
		const { secret } = newSessionToken();
		const hash = hashSecret(secret);
		expect(hash).toHaveLength(32);
		expect(Buffer.from(hash).toString('utf8')).not.toContain(secret);
		expect(secretMatches(secret, hash)).toBe(true);
		expect(secretMatches(secret.slice(1) + 'a', hash)).toBe(false);
		expect(secretMatches(secret, new Uint8Array(31))).toBe(false);
	});
});

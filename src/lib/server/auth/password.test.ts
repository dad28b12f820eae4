import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword, PASSWORD_MIN } from './password';

describe('password rules', () => {
	it('accepts a long, uncommon passphrase', async () => {
		expect(await passwordProblem('gentle river lantern 47')).toBeNull();
		expect(await passwordProblem('quiet harbour morning 73')).toBeNull();
	});

	it(`requires at least ${PASSWORD_MIN} characters`, async () => {
		expect(await passwordProblem('Xk9#mP2$q')).toMatch(/at least 10 characters/);
	});

	it('caps the length so hashing cannot be abused', async () => {
		expect(await passwordProblem('x'.repeat(100) + 'y'.repeat(200))).toMatch(/at most 256/);
	});

	it.each([
		'password1',
		'iloveyou2',
		'qwertyuiop',
		'trustno1',
		'password123',
		'1234567890',
		'iloveyou12345',
		'letmein12345',
		'P@ssw0rd1234',
		'Welcome2024!'
	])('refuses the common or breached %j, saying why', async (pw) => {
		expect(await passwordProblem(pw)).toMatch(/lists of passwords people use most/);
	});

	it('refuses what is easy to guess for another reason, and says which', async () => {
		expect(await passwordProblem('aaaaaaaaaaaa')).toMatch(/repeated letters/);
		expect(await passwordProblem('abcdefghijkl')).toMatch(/runs like abc/);
	});

	it('refuses the email or name as password, or one made from them', async () => {
		const about = { email: 'maria.lopez@example.com', displayName: 'Christopher' };
		expect(await passwordProblem('maria.lopez@example.com', about)).toMatch(
			/not made from your email/
		);
		expect(await passwordProblem('maria.lopez2024', about)).toMatch(/your email, your name/);
		expect(await passwordProblem('Christopher1', about)).toMatch(/your email, your name/);
		// The same words are fine for someone else.
		expect(await passwordProblem('maria.lopez2024')).toBeNull();
	});
});

describe('password hashing', () => {
	it('uses argon2id and verifies only the right password', async () => {
		const hash = await hashPassword('gentle river lantern 47');
		expect(hash.startsWith('$argon2id$')).toBe(true);
		expect(hash).toContain('m=19456,t=2,p=1');
		expect(await verifyPassword(hash, 'gentle river lantern 47')).toBe(true);
		expect(await verifyPassword(hash, 'gentle river lantern 48')).toBe(false);
	});

	it('treats a corrupt stored hash as a mismatch, not a crash', async () => {
		expect(await verifyPassword('not-a-hash', 'anything at all')).toBe(false);
	});
});

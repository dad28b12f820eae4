import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword, PASSWORD_MIN } from './password';
import { isCommonPassword } from './common-passwords';

describe('password rules', () => {
	it('accepts a long, uncommon passphrase', () => {
		expect(passwordProblem('gentle river lantern 47')).toBeNull();
	});

	it(`requires at least ${PASSWORD_MIN} characters`, () => {
		expect(passwordProblem('short1!')).toMatch(/at least 10 characters/);
	});

	it('caps the length so hashing cannot be abused', () => {
		expect(passwordProblem('x'.repeat(100) + 'y'.repeat(200))).toMatch(/at most 256/);
	});

	it.each([
		'password123',
		'Password2024!',
		'qwertyuiop',
		'1234567890',
		'iloveyou12345',
		'letmein12345'
	])('refuses the very common %j', (pw) => {
		const problem = passwordProblem(pw);
		if (pw.length < PASSWORD_MIN) expect(problem).toMatch(/at least/);
		else expect(problem).toMatch(/first ones people try/);
	});

	it('refuses one repeated character', () => {
		expect(passwordProblem('aaaaaaaaaaaa')).toMatch(/repeating/);
	});

	it('refuses the email or name as password', () => {
		expect(
			passwordProblem('maria.lopez@example.com', { email: 'maria.lopez@example.com' })
		).toMatch(/not your email/);
		expect(passwordProblem('maria.lopez2024', { email: 'maria.lopez@example.com' })).toMatch(
			/not your email/
		);
		expect(passwordProblem('Christopher1', { displayName: 'christopher' })).toMatch(
			/not your email or name/
		);
	});

	it('finds common stems behind trailing digits and symbols', () => {
		expect(isCommonPassword('Sunshine2025!!')).toBe(true);
		expect(isCommonPassword('sunshine over the hills')).toBe(false);
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

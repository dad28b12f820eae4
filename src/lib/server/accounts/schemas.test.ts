import { describe, expect, it } from 'vitest';
import { logInInput, signUpInput } from './schemas';

const valid = {
	email: 'Ana@Example.com ',
	displayName: ' Ana ',
	password: 'gentle river lantern',
	kind: 'partner'
};

describe('sign-up input', () => {
	it('normalises the email and trims the name', () => {
		const parsed = signUpInput.parse(valid);
		expect(parsed.email).toBe('ana@example.com');
		expect(parsed.displayName).toBe('Ana');
	});

	it.each([
		[{ email: 'not-an-email' }, 'email'],
		[{ email: '' }, 'email'],
		[{ email: 'a'.repeat(250) + '@x.io' }, 'email'],
		[{ displayName: '   ' }, 'displayName'],
		[{ displayName: 'x'.repeat(61) }, 'displayName'],
		[{ displayName: 'Ana\nAdmin' }, 'displayName'],
		[{ kind: 'admin' }, 'kind'],
		[{ password: 'x'.repeat(257) }, 'password']
	])('refuses %j with a message on %s', (patch, field) => {
		const result = signUpInput.safeParse({ ...valid, ...patch });
		expect(result.success).toBe(false);
		expect(result.error?.issues[0]?.path[0]).toBe(field);
		expect(result.error?.issues[0]?.message).toMatch(/^[A-Z]/);
	});

	it('refuses non-string values without throwing', () => {
		expect(signUpInput.safeParse({ ...valid, email: 42 }).success).toBe(false);
		expect(logInInput.safeParse({}).success).toBe(false);
	});
});

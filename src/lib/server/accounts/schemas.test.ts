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

	it('keeps a name in one Unicode form, whichever way it was typed', () => {
		const decomposed = signUpInput.parse({ ...valid, displayName: 'Zoe\u0301' });
		expect(decomposed.displayName).toBe('Zo\u00e9');
		expect(decomposed.displayName).toHaveLength(3);
		expect(signUpInput.parse({ ...valid, displayName: 'Ana 🌿' }).displayName).toBe('Ana 🌿');
	});

	it.each([
		[{ email: 'not-an-email' }, 'email'],
		[{ email: '' }, 'email'],
		[{ email: 'a'.repeat(250) + '@x.io' }, 'email'],
		[{ displayName: '   ' }, 'displayName'],
		[{ displayName: 'x'.repeat(61) }, 'displayName'],
		[{ displayName: 'Ana\nAdmin' }, 'displayName'],
		// Direction overrides and invisible characters can make a name pass for another.
		[{ displayName: 'Ana\u202eroslesnuoc' }, 'displayName'],
		[{ displayName: 'Ana\u2066x\u2069' }, 'displayName'],
		[{ displayName: 'A\u200bna' }, 'displayName'],
		[{ displayName: 'Ana\u200f' }, 'displayName'],
		[{ displayName: 'A\ufeffna' }, 'displayName'],
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

import { describe, expect, it } from 'vitest';
import { safeRedirectTarget } from './http';

describe('safeRedirectTarget', () => {
	it.each([
		['/account', '/account'],
		['/account?x=1', '/account?x=1'],
		[null, '/home'],
		['https://evil.example', '/home'],
		['//evil.example', '/home'],
		['/\\evil.example', '/home'],
		['/a\nb', '/home']
	])('%j → %j', (input, expected) => expect(safeRedirectTarget(input)).toBe(expected));
});

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
		['/a\nb', '/home'],
		['/\u3000', '/home'],
		['/caf\u00e9', '/home'],
		['/a b', '/home'],
		['/spaces/x/journal?before=1-abc%20', '/spaces/x/journal?before=1-abc%20']
	])('%j → %j', (input, expected) => expect(safeRedirectTarget(input)).toBe(expected));
});

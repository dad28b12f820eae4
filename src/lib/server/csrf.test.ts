import { describe, expect, it } from 'vitest';
import { isForgedFormPost } from './csrf';

const APP = 'https://trellis.example';
const post = (headers: Record<string, string>, method = 'POST') =>
	new Request(`${APP}/login`, {
		method,
		headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }
	});

describe('form post origin check', () => {
	it('accepts our own origin', () =>
		expect(isForgedFormPost(post({ origin: APP }), APP)).toBe(false));
	it('accepts a null origin the browser marks same-origin (no-referrer pages)', () =>
		expect(isForgedFormPost(post({ origin: 'null', 'sec-fetch-site': 'same-origin' }), APP)).toBe(
			false
		));
	it.each([
		[{ origin: 'null', 'sec-fetch-site': 'cross-site' }],
		[{ origin: 'null', 'sec-fetch-site': 'same-site' }],
		[{ origin: 'null' }],
		[{ origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' }],
		[{}]
	])('refuses %j', (headers) => expect(isForgedFormPost(post(headers), APP)).toBe(true));
	it('leaves reads and JSON alone', () => {
		expect(isForgedFormPost(new Request(`${APP}/x`, { headers: { origin: 'null' } }), APP)).toBe(
			false
		);
		expect(
			isForgedFormPost(post({ origin: 'null', 'content-type': 'application/json' }), APP)
		).toBe(false);
	});
});

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
	it('lets a mail program post a one-click unsubscribe, from nowhere, and nothing else', () => {
		const from = (path: string) =>
			new Request(`${APP}${path}`, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded' }
			});
		expect(isForgedFormPost(from('/unsubscribe/some.signed.token'), APP)).toBe(false);
		expect(isForgedFormPost(from('/unsubscribe/a/b'), APP)).toBe(true);
		expect(isForgedFormPost(from('/unsubscribe'), APP)).toBe(true);
		expect(isForgedFormPost(from('/account?/changeEmail'), APP)).toBe(true);
	});
	it('leaves reads and JSON alone', () => {
		expect(isForgedFormPost(new Request(`${APP}/x`, { headers: { origin: 'null' } }), APP)).toBe(
			false
		);
		expect(
			isForgedFormPost(post({ origin: 'null', 'content-type': 'application/json' }), APP)
		).toBe(false);
	});
});

import { describe, expect, it } from 'vitest';
import { timeAgo, formatDate } from './time';

describe('timeAgo', () => {
	const now = 1_000_000_000_000;
	it.each([
		[now - 10_000, 'just now'],
		[now - 60_000, '1 minute ago'],
		[now - 3 * 3600_000, '3 hours ago'],
		[now - 2 * 86400_000, '2 days ago'],
		[now - 15 * 86400_000, '2 weeks ago'],
		[now + 5000, 'just now']
	])('%d → %s', (then, expected) => expect(timeAgo(then, now)).toBe(expected));
});

describe('formatDate', () => {
	it('writes a moment exactly as toLocaleString would, for each set of options, however often it is asked', () => {
		const at = Date.UTC(2026, 2, 29, 0, 30);
		const options: Intl.DateTimeFormatOptions[] = [
			{ dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' },
			{ dateStyle: 'medium', timeZone: 'UTC' },
			{ month: 'short', day: 'numeric', timeZone: 'Europe/Berlin' }
		];
		for (let round = 0; round < 2; round++)
			for (const o of options) expect(formatDate(at, o)).toBe(new Date(at).toLocaleString('en', o));
		expect(formatDate(at, options[0]!)).toBe('Mar 29, 2026, 12:30 AM');
		expect(formatDate(new Date(at), options[1]!)).toBe('Mar 29, 2026');
	});

	it('never answers one set of options with another: each is known by what it says, whether kept or made afresh', () => {
		const at = Date.UTC(2026, 2, 29, 23, 30);
		const tokyo: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeZone: 'Asia/Tokyo' };
		expect(formatDate(at, tokyo)).toBe('Mar 30, 2026');
		expect(formatDate(at, { dateStyle: 'medium', timeZone: 'UTC' })).toBe('Mar 29, 2026');
		expect(formatDate(at, { ...tokyo })).toBe('Mar 30, 2026');
		expect(formatDate(at, tokyo)).toBe('Mar 30, 2026');
	});

	it('stays right past the number of moments it keeps', () => {
		const options: Intl.DateTimeFormatOptions = {
			dateStyle: 'medium',
			timeStyle: 'short',
			timeZone: 'UTC'
		};
		const start = Date.UTC(2020, 0, 1);
		for (let i = 0; i < 3_000; i++) {
			const at = start + i * 3_600_000; // more moments than are kept
			expect(formatDate(at, options)).toBe(new Date(at).toLocaleString('en', options));
		}
	});
});

import { describe, expect, it } from 'vitest';
import {
	clockTime,
	localWall,
	monthDay,
	timeAgo,
	utcWall,
	writtenAt,
	writtenDay,
	writtenDayAndTime
} from './time';

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

describe('written dates', () => {
	// A sweep of moments: every hour across two years (midnight and noon, both clock changes
	// of a year, a leap day), each written as Intl writes it in English.
	const start = Date.UTC(2027, 0, 1);
	const sweep = Array.from({ length: 2 * 366 * 24 }, (_, i) => start + i * 3_600_000 + i * 7_000);
	// Intl puts a narrow no-break space or a plain one before AM and PM, by ICU version; ours is
	// always the narrow no-break space, so "PM" never wraps onto a line of its own.
	const plain = (s: string) => s.replaceAll('\u202f', ' ');
	const inUtc = (at: number, o: Intl.DateTimeFormatOptions) =>
		plain(new Date(at).toLocaleString('en', { ...o, timeZone: 'UTC' }));

	it('writes a day and time exactly as Intl does, in UTC and on this machine’s own clock', () => {
		for (const at of sweep) {
			expect(plain(writtenDayAndTime(utcWall(at)))).toBe(
				inUtc(at, { dateStyle: 'medium', timeStyle: 'short' })
			);
			expect(plain(writtenDayAndTime(localWall(at)))).toBe(
				plain(new Date(at).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' }))
			);
		}
	});

	it('writes days, short days and clock times exactly as Intl does', () => {
		for (const at of sweep) {
			const wall = utcWall(at);
			expect(writtenDay(wall)).toBe(inUtc(at, { dateStyle: 'medium' }));
			expect(monthDay(wall)).toBe(inUtc(at, { month: 'short', day: 'numeric' }));
			expect(clockTime(wall)).toMatch(/\u202f[AP]M$/);
			expect(plain(clockTime(wall))).toBe(inUtc(at, { hour: 'numeric', minute: '2-digit' }));
		}
	});

	it('writes midnight and noon as people read them', () => {
		expect(plain(writtenDayAndTime(utcWall(Date.UTC(2026, 2, 29, 0, 30))))).toBe(
			'Mar 29, 2026, 12:30 AM'
		);
		expect(plain(clockTime(utcWall(Date.UTC(2026, 11, 6, 12, 5))))).toBe('12:05 PM');
		expect(writtenAt('2026-02-28T09:00:00.000Z')).toBe(
			writtenDayAndTime(localWall(Date.UTC(2026, 1, 28, 9)))
		);
		expect(writtenAt(null)).toBe('');
	});
});

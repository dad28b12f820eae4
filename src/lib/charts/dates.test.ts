import { describe, expect, it } from 'vitest';
import { dateRange, dayStart, mondays, wallClock, weekLabel, weekRange } from './dates';
import { weekOf } from '$lib/domain/agreements';

describe('weekLabel', () => {
	it('names a week by its Monday, so a log late in the week reads as that week', () => {
		const friday = Date.UTC(2026, 11, 4, 21, 0); // Friday Dec 4, 2026
		expect(weekOf(friday)).toBe('2026-11-30');
		expect(weekLabel(weekOf(friday))).toBe('Week of Nov 30');
		expect(weekLabel('2026-12-28')).toBe('Week of Dec 28');
	});
});

describe('dateRange', () => {
	it('names the span a chart covers, the year once when it stays within one', () => {
		expect(dateRange(dayStart('2026-11-02'), dayStart('2026-12-05'))).toBe('Nov 2 – Dec 5, 2026');
	});

	it('names both years when the span crosses the new year', () => {
		expect(dateRange(dayStart('2026-12-28'), dayStart('2027-01-03'))).toBe(
			'Dec 28, 2026 – Jan 3, 2027'
		);
	});

	it('names a single day once, however many moments of it there are', () => {
		const morning = Date.UTC(2026, 10, 14, 8, 0);
		expect(dateRange(morning, morning)).toBe('Nov 14, 2026');
		expect(dateRange(morning, Date.UTC(2026, 10, 14, 23, 30))).toBe('Nov 14, 2026');
	});

	it('of weeks, runs from the first Monday to the last week’s Sunday', () => {
		expect(weekRange('2026-11-30', '2026-11-30')).toBe('Nov 30 – Dec 6, 2026');
		expect(weekRange('2026-11-02', '2026-11-30')).toBe('Nov 2 – Dec 6, 2026');
	});
});

describe('mondays', () => {
	it('lists every week between two Mondays, quiet ones included', () => {
		expect(mondays('2026-11-16', '2026-12-07')).toEqual([
			'2026-11-16',
			'2026-11-23',
			'2026-11-30',
			'2026-12-07'
		]);
		expect(mondays('2026-11-16', '2026-11-16')).toEqual(['2026-11-16']);
	});
});

describe('wallClock', () => {
	it('reads a moment as the clock in the zone shows it, so a late evening stays on its day', () => {
		const lateInNewYork = Date.UTC(2026, 10, 15, 4, 30); // 11:30 pm on Nov 14 in New York
		expect(new Date(wallClock(lateInNewYork, 'America/New_York')).toISOString()).toBe(
			'2026-11-14T23:30:00.000Z'
		);
		expect(new Date(wallClock(lateInNewYork, 'Asia/Kolkata')).toISOString()).toBe(
			'2026-11-15T10:00:00.000Z'
		);
	});

	it('takes an unknown zone as UTC rather than failing', () => {
		const at = Date.UTC(2026, 10, 15, 4, 30);
		expect(wallClock(at, 'Nowhere/Special')).toBe(at);
		expect(wallClock(at, 'UTC')).toBe(at);
	});
});

import { describe, expect, it } from 'vitest';
import {
	addDays,
	dayIn,
	days,
	dueState,
	GRACE_MS,
	isDate,
	isTime,
	isTimeZone,
	occurrences,
	offsetAt,
	partnerSees,
	zonedInstant,
	type Schedule
} from './schedule';

const utc = (s: string) => Date.parse(`${s}Z`);

describe('instants in a time zone', () => {
	it('reads a day and time in the zone, in and out of summer time', () => {
		expect(zonedInstant('2026-01-15', '09:00', 'Europe/Berlin')).toBe(utc('2026-01-15T08:00:00'));
		expect(zonedInstant('2026-07-15', '09:00', 'Europe/Berlin')).toBe(utc('2026-07-15T07:00:00'));
		expect(zonedInstant('2026-07-15', '09:00', 'America/New_York')).toBe(
			utc('2026-07-15T13:00:00')
		);
		expect(zonedInstant('2026-07-15', '09:00', 'Asia/Kolkata')).toBe(utc('2026-07-15T03:30:00'));
		expect(zonedInstant('2026-07-15', '09:00', 'UTC')).toBe(utc('2026-07-15T09:00:00'));
	});

	it('moves a time skipped by clocks going forward to after the jump', () => {
		// Berlin, 29 March 2026: 02:00 becomes 03:00.
		expect(zonedInstant('2026-03-29', '02:30', 'Europe/Berlin')).toBe(utc('2026-03-29T01:30:00'));
		// New York, 8 March 2026.
		expect(zonedInstant('2026-03-08', '02:15', 'America/New_York')).toBe(
			utc('2026-03-08T07:15:00')
		);
	});

	it('takes the first of a time that happens twice when clocks go back', () => {
		// Berlin, 25 October 2026: 03:00 becomes 02:00 again.
		expect(zonedInstant('2026-10-25', '02:30', 'Europe/Berlin')).toBe(utc('2026-10-25T00:30:00'));
		expect(offsetAt(utc('2026-10-25T00:30:00'), 'Europe/Berlin')).toBe(2 * 3600_000);
	});

	it('knows the calendar day in a zone, which can differ from UTC', () => {
		expect(dayIn(utc('2026-07-15T23:30:00'), 'Europe/Berlin')).toBe('2026-07-16');
		expect(dayIn(utc('2026-07-15T02:00:00'), 'America/Los_Angeles')).toBe('2026-07-14');
		expect(dayIn(utc('2026-07-15T11:00:00'), 'Pacific/Auckland')).toBe('2026-07-15');
	});

	it('checks its inputs', () => {
		expect(isDate('2026-02-29')).toBe(false);
		expect(isDate('2028-02-29')).toBe(true);
		expect(isTime('24:00')).toBe(false);
		expect(isTime('18:30')).toBe(true);
		expect(isTimeZone('Europe/Berlin')).toBe(true);
		expect(isTimeZone('Mars/Olympus')).toBe(false);
	});
});

describe('schedules', () => {
	const weekly: Schedule = {
		startDate: '2026-03-19',
		time: '18:00',
		cadence: 'weekly',
		weekday: 0
	};

	it('falls on the chosen weekday, weekly or every two weeks, and once for a single check-in', () => {
		expect(days(weekly, '2026-04-12')).toEqual([
			'2026-03-22',
			'2026-03-29',
			'2026-04-05',
			'2026-04-12'
		]);
		expect(days({ ...weekly, cadence: 'biweekly' }, '2026-04-12')).toEqual([
			'2026-03-22',
			'2026-04-05'
		]);
		expect(days({ ...weekly, cadence: 'once', weekday: null }, '2027-01-01')).toEqual([
			'2026-03-19'
		]);
		expect(
			days({ startDate: '2026-03-19', time: '18:00', cadence: 'weekly' }, '2026-03-26')
		).toEqual(['2026-03-19', '2026-03-26']);
		expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
	});

	it('stays at 18:00 local for each partner across a daylight-saving change', () => {
		const now = utc('2026-04-06T00:00:00');
		const berlin = occurrences(weekly, 'Europe/Berlin', now).past;
		expect(berlin.map((o) => o.dueAt)).toEqual([
			utc('2026-03-22T17:00:00'),
			utc('2026-03-29T16:00:00'),
			utc('2026-04-05T16:00:00')
		]);
		const newYork = occurrences(weekly, 'America/New_York', now).past;
		expect(newYork.map((o) => o.day)).toEqual(berlin.map((o) => o.day));
		expect(newYork.map((o) => o.dueAt)).toEqual([
			utc('2026-03-22T22:00:00'),
			utc('2026-03-29T22:00:00'),
			utc('2026-04-05T22:00:00')
		]);
	});

	it('names the next occurrence, and stops while paused (past ones stay)', () => {
		const now = utc('2026-03-25T12:00:00');
		expect(occurrences(weekly, 'Europe/Berlin', now)).toEqual({
			past: [{ day: '2026-03-22', dueAt: utc('2026-03-22T17:00:00') }],
			next: { day: '2026-03-29', dueAt: utc('2026-03-29T16:00:00') }
		});
		const paused = occurrences(
			{ ...weekly, pausedFrom: '2026-03-26' },
			'Europe/Berlin',
			utc('2026-04-20T00:00:00')
		);
		expect(paused.past.map((o) => o.day)).toEqual(['2026-03-22']);
		expect(paused.next).toBeNull();
	});
});

describe('due, overdue and revealed', () => {
	const dueAt = utc('2026-03-22T17:00:00');
	it('is upcoming, then due, then overdue after the grace period, unless answered', () => {
		expect(dueState(dueAt, null, dueAt - 1)).toBe('upcoming');
		expect(dueState(dueAt, null, dueAt)).toBe('due');
		expect(dueState(dueAt, null, dueAt + GRACE_MS)).toBe('due');
		expect(dueState(dueAt, null, dueAt + GRACE_MS + 1)).toBe('overdue');
		expect(dueState(dueAt, dueAt + GRACE_MS * 3, dueAt + GRACE_MS * 4)).toBe('answered');
	});

	it("shows a partner the other's answer only for revealed questions, and only once both answered", () => {
		const partners = ['ann', 'ben'];
		expect(partnerSees('revealed', [], partners)).toBe(false);
		expect(partnerSees('revealed', ['ann'], partners)).toBe(false);
		expect(partnerSees('revealed', ['ben', 'ann'], partners)).toBe(true);
		expect(partnerSees('counselor', ['ann', 'ben'], partners)).toBe(false);
		expect(partnerSees('revealed', ['ann'], ['ann'])).toBe(false);
	});
});

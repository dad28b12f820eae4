/**
 * When a check-in is due. A schedule speaks in calendar days and a time of day; each partner's
 * due moment is that day and time in their own time zone, so "Sunday at 18:00" stays 18:00 for
 * each of them across daylight-saving changes. Occurrences are named by their calendar day,
 * which is the same for both partners whatever their zones.
 */

import { MAX_PARTNERS } from './spaces';

export const cadences = ['once', 'weekly', 'biweekly'] as const;
export type Cadence = (typeof cadences)[number];

export interface Schedule {
	/** The first day (YYYY-MM-DD); for weekly cadences also the first week. */
	startDate: string;
	/** Time of day, HH:MM, in each partner's zone. */
	time: string;
	cadence: Cadence;
	/** For weekly cadences: the weekday (0 Sunday … 6 Saturday); the start date's own if absent. */
	weekday?: number | null;
	/** No occurrences on or after this day while paused (YYYY-MM-DD), if paused. */
	pausedFrom?: string | null;
}

/** How long after it is due a check-in counts as overdue rather than due. */
export const GRACE_MS = 48 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isDate(s: string): boolean {
	const m = DATE.exec(s);
	if (!m) return false;
	const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
	return d.toISOString().slice(0, 10) === s;
}
export const isTime = (s: string) => TIME.test(s);

export function isTimeZone(tz: string): boolean {
	try {
		new Intl.DateTimeFormat('en', { timeZone: tz });
		return true;
	} catch {
		return false;
	}
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
	let f = formatters.get(tz);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone: tz,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit'
		});
		formatters.set(tz, f);
	}
	return f;
}

/** The wall-clock reading in a zone at an instant. */
export function wallClock(at: number, tz: string) {
	const parts = Object.fromEntries(
		formatter(tz)
			.formatToParts(at)
			.map((p) => [p.type, p.value])
	);
	return {
		year: +parts.year!,
		month: +parts.month!,
		day: +parts.day!,
		hour: +parts.hour!,
		minute: +parts.minute!,
		second: +parts.second!
	};
}

/** How far a zone's clock is ahead of UTC at an instant, in ms. */
export function offsetAt(at: number, tz: string): number {
	const w = wallClock(at, tz);
	const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
	return asUtc - Math.floor(at / 1000) * 1000;
}

/**
 * The instant a zone's clock shows a day and time. A time that does not exist (skipped when
 * clocks go forward) becomes the same time after the jump; a time that happens twice (clocks
 * go back) is the first of the two.
 */
export function zonedInstant(date: string, time: string, tz: string): number {
	const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
	const [h, mi] = time.split(':').map(Number) as [number, number];
	const wall = Date.UTC(y, mo - 1, d, h, mi);
	// The offsets just before and after the moment bracket any change of clocks around it.
	const before = offsetAt(wall - DAY_MS / 2, tz);
	const after = offsetAt(wall + DAY_MS / 2, tz);
	const first = wall - before;
	if (offsetAt(first, tz) === before) return first; // exists (the earlier reading if it repeats)
	const second = wall - after;
	if (offsetAt(second, tz) === after) return second;
	// Skipped by a jump forward: read with the offset from before the jump, it lands the length
	// of the jump later (02:30 becomes 03:30).
	return first;
}

/** Adds days to a calendar day. */
export function addDays(date: string, days: number): string {
	const [y, m, d] = date.split('-').map(Number) as [number, number, number];
	const at = new Date(Date.UTC(y, m - 1, d + days));
	// Beyond year 9999 there is no plain YYYY-MM-DD: answer with something no schedule reaches.
	return at.getUTCFullYear() > 9999 ? '9999-12-31~' : at.toISOString().slice(0, 10);
}

export const weekdayOf = (date: string) => new Date(`${date}T12:00:00Z`).getUTCDay();

/** The calendar day a zone's clock shows at an instant. */
export function dayIn(at: number, tz: string): string {
	const w = wallClock(at, tz);
	return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** The days a schedule falls on, from its start, up to and including `until` (YYYY-MM-DD). */
export function days(s: Schedule, until: string, limit = 520): string[] {
	const first =
		s.cadence === 'once' || s.weekday === null || s.weekday === undefined
			? s.startDate
			: addDays(s.startDate, (s.weekday - weekdayOf(s.startDate) + 7) % 7);
	const step = s.cadence === 'weekly' ? 7 : s.cadence === 'biweekly' ? 14 : 0;
	const out: string[] = [];
	if (!isDate(first)) return out;
	for (
		let day = first;
		isDate(day) && day <= until && out.length < limit;
		day = addDays(day, step)
	) {
		if (s.pausedFrom && day >= s.pausedFrom) break;
		out.push(day);
		if (step === 0) break;
	}
	return out;
}

export interface Occurrence {
	/** The calendar day: the same name for both partners. */
	day: string;
	/** When it is due for this person, in their zone. */
	dueAt: number;
}

/** Every occurrence due for a person in `tz` up to `now` (and the next one still to come). */
export function occurrences(
	s: Schedule,
	tz: string,
	now: number
): { past: Occurrence[]; next: Occurrence | null } {
	// Far enough ahead to find the next one, even for a schedule that starts later.
	const today = dayIn(now, tz);
	const horizon = addDays(today > s.startDate ? today : s.startDate, 15);
	const all = days(s, horizon).map((day) => ({ day, dueAt: zonedInstant(day, s.time, tz) }));
	return { past: all.filter((o) => o.dueAt <= now), next: all.find((o) => o.dueAt > now) ?? null };
}

export type DueState = 'upcoming' | 'due' | 'overdue' | 'answered';

export function dueState(dueAt: number, answeredAt: number | null, now: number): DueState {
	if (answeredAt !== null) return 'answered';
	if (now < dueAt) return 'upcoming';
	return now - dueAt > GRACE_MS ? 'overdue' : 'due';
}

export const visibilities = ['counselor', 'revealed'] as const;
export type Visibility = (typeof visibilities)[number];

/**
 * Whether a partner sees the other partner's answer to a question: only for questions marked
 * "revealed", and only once both have answered that occurrence. "Counselor only" never.
 */
export function partnerSees(
	visibility: Visibility,
	answeredBy: readonly string[],
	partners: readonly string[]
): boolean {
	return (
		visibility === 'revealed' &&
		partners.length === MAX_PARTNERS &&
		partners.every((p) => answeredBy.includes(p))
	);
}

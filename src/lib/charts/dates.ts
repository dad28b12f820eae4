import { wallClock as clockIn } from '$lib/domain/schedule';
import { clockTime, monthDay, utcWall, writtenDay } from '$lib/time';

/**
 * Dates as charts write them. A chart works on "wall-clock" moments: the reading of a clock in
 * the reader's zone, stored as if it were UTC. Server and browser then draw the same picture,
 * whatever zone each runs in, and a check-in at 11 pm is not drawn on the next day.
 */

const DAY_MS = 86_400_000;

/** A calendar day, YYYY-MM-DD, as the wall-clock moment of its start. */
export const dayStart = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);

/** "Nov 30": a short day, for axis ticks. */
export const shortDay = (wall: number): string => monthDay(utcWall(wall));

/** "Nov 30, 2026" */
export const longDay = (wall: number): string => writtenDay(utcWall(wall));

/** "Nov 30, 9:41 PM" */
export const dayAndTime = (wall: number): string =>
	`${shortDay(wall)}, ${clockTime(utcWall(wall))}`;

/** "Week of Nov 30": a week named by its first day, so a log on Dec 5 is not read as "Nov 30". */
export const weekLabel = (monday: string): string => `Week of ${shortDay(dayStart(monday))}`;

/**
 * "Nov 2 – Dec 5": the span a chart covers, with years only when it crosses one
 * ("Dec 28, 2026 – Jan 3, 2027"); a single day is named once.
 */
export function dateRange(first: number, last: number): string {
	const from = new Date(first);
	const to = new Date(last);
	if (from.toISOString().slice(0, 10) === to.toISOString().slice(0, 10)) return longDay(first);
	return from.getUTCFullYear() === to.getUTCFullYear()
		? `${shortDay(first)} – ${shortDay(last)}, ${to.getUTCFullYear()}`
		: `${longDay(first)} – ${longDay(last)}`;
}

/** The span of weeks from `first`'s Monday to `last`'s Sunday, e.g. "Nov 30 – Dec 13, 2026". */
export const weekRange = (first: string, last: string): string =>
	dateRange(dayStart(first), dayStart(last) + 6 * DAY_MS);

/** Every Monday from `first` to `last` (both Mondays, YYYY-MM-DD), so quiet weeks show as gaps. */
export function mondays(first: string, last: string): string[] {
	const weeks: string[] = [];
	for (let at = dayStart(first); at <= dayStart(last); at += 7 * DAY_MS)
		weeks.push(new Date(at).toISOString().slice(0, 10));
	return weeks;
}

/** The wall-clock reading of moment `at` in `timeZone` (an unknown zone reads as UTC). */
export function wallClock(at: number, timeZone: string): number {
	let w: ReturnType<typeof clockIn>;
	try {
		w = clockIn(at, timeZone);
	} catch {
		return at;
	}
	return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, at % 1000);
}

/** "just now", "5 minutes ago", "3 days ago": a zone-free way to say when something happened. */
export function timeAgo(then: Date | number, now: Date | number = Date.now()): string {
	const seconds = Math.max(0, Math.round((+now - +then) / 1000));
	if (seconds < 60) return 'just now';
	const units: Array<[number, string]> = [
		[60 * 60 * 24 * 7, 'week'],
		[60 * 60 * 24, 'day'],
		[60 * 60, 'hour'],
		[60, 'minute']
	];
	for (const [size, name] of units) {
		if (seconds >= size) {
			const n = Math.floor(seconds / size);
			return `${n} ${name}${n === 1 ? '' : 's'} ago`;
		}
	}
	return 'just now';
}

/** "in 6 days", "in 3 hours": how long until something runs out. */
export function timeUntil(when: Date | number, now: Date | number = Date.now()): string {
	const minutes = Math.max(0, Math.round((+when - +now) / 60_000));
	if (minutes >= 60 * 24) {
		const days = Math.round(minutes / (60 * 24));
		return `in ${days} day${days === 1 ? '' : 's'}`;
	}
	if (minutes >= 60) {
		const hours = Math.round(minutes / 60);
		return `in ${hours} hour${hours === 1 ? '' : 's'}`;
	}
	return minutes <= 1 ? 'in a minute' : `in ${minutes} minutes`;
}

/** A clock's reading: the calendar day and the time of day it shows. */
export interface Wall {
	year: number;
	/** 1 to 12. */
	month: number;
	day: number;
	/** 0 to 23. */
	hour: number;
	minute: number;
}

/** This device's (or server's) own clock at a moment: the UTC clock, moved by the zone's offset then. */
export function localWall(at: number): Wall {
	return utcWall(at - new Date(at).getTimezoneOffset() * 60_000);
}

/** The UTC clock at a moment (and a chart's wall-clock moments, which are kept as if in UTC). */
export function utcWall(at: number): Wall {
	const d = new Date(at);
	return {
		year: d.getUTCFullYear(),
		month: d.getUTCMonth() + 1,
		day: d.getUTCDate(),
		hour: d.getUTCHours(),
		minute: d.getUTCMinutes()
	};
}

// Dates are written out here, in English as Intl writes them, rather than through Intl itself:
// a browser's first Intl formatter costs a phone a noticeable pause while the page comes alive.
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Dec 6" */
export const monthDay = (w: Wall): string => `${MONTHS[w.month - 1]} ${w.day}`;

/** "Dec 6, 2026" */
export const writtenDay = (w: Wall): string => `${monthDay(w)}, ${w.year}`;

/** "9:41 PM" (with the narrow space English formatting puts before AM and PM). */
export const clockTime = (w: Wall): string =>
	`${w.hour % 12 || 12}:${String(w.minute).padStart(2, '0')}\u202f${w.hour < 12 ? 'AM' : 'PM'}`;

/** "Dec 6, 2026, 9:41 PM" */
export const writtenDayAndTime = (w: Wall): string => `${writtenDay(w)}, ${clockTime(w)}`;

/** The machine-readable form of a moment, for a `<time datetime>`. */
export const momentIso = (at: number): string => new Date(at).toISOString();

/** A stored moment (ISO text) as a copy of one's data shows it: date and time; nothing if none. */
export const writtenAt = (iso: string | null): string =>
	iso ? writtenDayAndTime(localWall(Date.parse(iso))) : '';

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

const formatters = new Map<string, Intl.DateTimeFormat>();
const written = new Map<string, string>();
const KEEP_WRITTEN = 5_000;

/**
 * A moment written out in English with the given options, like `toLocaleString('en', options)`,
 * but with each formatter made once and recent answers kept: making a formatter costs far more
 * than using it, and a page lists the same notes' dates on every visit.
 */
export function formatDate(at: Date | number, options: Intl.DateTimeFormatOptions): string {
	const key = JSON.stringify(options);
	const entry = `${key}${+at}`;
	const known = written.get(entry);
	if (known !== undefined) return known;
	let formatter = formatters.get(key);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat('en', options);
		formatters.set(key, formatter);
	}
	const text = formatter.format(at);
	if (written.size >= KEEP_WRITTEN) written.delete(written.keys().next().value!);
	written.set(entry, text);
	return text;
}

/** A stored moment (ISO text) as a copy of one's data shows it: date and time; nothing if none. */
export const writtenAt = (iso: string | null): string => (iso ? formatDate(new Date(iso), { dateStyle: 'medium', timeStyle: 'short' }) : '');

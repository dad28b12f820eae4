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

/** One set of options: its formatter, made once, and the moments it has recently written. */
interface Style {
	formatter: Intl.DateTimeFormat;
	written: Recent<string>;
}
const styles = new Map<string, Style>();
const styleOfObject = new WeakMap<Intl.DateTimeFormatOptions, Style>();
/** Moments kept per set of options: a few pages' worth. */
const KEEP_WRITTEN = 2_000;

/** Answers worked out for recent moments, the oldest let go first once there are `limit`. */
type Recent<V> = (moment: number, work: () => V) => V;
function recent<V>(limit: number): Recent<V> {
	const kept = new Map<number, V>();
	return (moment, work) => {
		let value = kept.get(moment);
		if (value === undefined) {
			value = work();
			if (kept.size >= limit) kept.delete(kept.keys().next().value!);
			kept.set(moment, value);
		}
		return value;
	};
}

function styleOf(options: Intl.DateTimeFormatOptions): Style {
	let style = styleOfObject.get(options);
	if (style) return style;
	const key = JSON.stringify(options);
	style = styles.get(key);
	if (!style)
		styles.set(
			key,
			(style = { formatter: new Intl.DateTimeFormat('en', options), written: recent(KEEP_WRITTEN) })
		);
	styleOfObject.set(options, style);
	return style;
}

/**
 * A moment written out in English with the given options, like `toLocaleString('en', options)`,
 * but with each formatter made once and recent answers kept: making a formatter costs far more
 * than using it, and a page lists the same notes' dates on every visit. Options kept in a
 * constant are recognised at once; others are compared by what they say.
 */
export function formatDate(at: Date | number, options: Intl.DateTimeFormatOptions): string {
	const { formatter, written } = styleOf(options);
	const moment = +at;
	return written(moment, () => formatter.format(moment));
}

const isoWritten = recent<string>(KEEP_WRITTEN);
/** The machine-readable form of a moment, for a `<time datetime>`; recent ones kept, like their text. */
export const momentIso = (at: number): string => isoWritten(at, () => new Date(at).toISOString());

/** A stored moment (ISO text) as a copy of one's data shows it: date and time; nothing if none. */
export const writtenAt = (iso: string | null): string =>
	iso ? formatDate(new Date(iso), { dateStyle: 'medium', timeStyle: 'short' }) : '';

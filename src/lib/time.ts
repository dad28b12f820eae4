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

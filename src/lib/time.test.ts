import { describe, expect, it } from 'vitest';
import { timeAgo } from './time';

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

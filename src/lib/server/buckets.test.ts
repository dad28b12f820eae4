import { describe, expect, it } from 'vitest';
import { buckets } from './buckets';

describe('token buckets', () => {
	it('allow a burst, then refill steadily, for each key apart', () => {
		const limit = buckets(3, 2);
		expect([1, 2, 3, 4].map(() => limit.take('a', 0))).toEqual([true, true, true, false]);
		expect(limit.take('b', 0)).toBe(true);
		expect(limit.take('a', 499)).toBe(false);
		expect(limit.take('a', 500)).toBe(true);
	});

	it('forget every key when too many are kept, rather than grow without end', () => {
		const limit = buckets(1, 0, 2);
		expect(limit.take('a', 0)).toBe(true);
		expect(limit.take('a', 0)).toBe(false);
		limit.take('b', 0);
		limit.take('c', 0); // a third key: the map starts again
		expect(limit.take('a', 0)).toBe(true);
	});
});

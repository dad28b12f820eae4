/**
 * Token buckets kept in memory, one per key: a soft limit for cheap requests that are safe to
 * refuse (nothing is lost when one is), where counting in the database would cost more than
 * the request. Each process keeps its own; the map is emptied when it grows past `maxKeys`, so
 * a flood of new keys cannot grow it without end.
 */
export function buckets(burst: number, perSecond: number, maxKeys = 10_000) {
	const held = new Map<string, { tokens: number; at: number }>();
	return {
		/** Takes one token for `key`; false when its bucket is empty. */
		take(key: string, now = Date.now()): boolean {
			if (!held.has(key) && held.size >= maxKeys) held.clear();
			const b = held.get(key) ?? { tokens: burst, at: now };
			b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
			b.at = now;
			held.set(key, b);
			if (b.tokens < 1) return false;
			b.tokens -= 1;
			return true;
		}
	};
}

import { afterEach, describe, expect, it } from 'vitest';
import { announce, changedSince, listen, REMEMBER_MS, SKEW_MS, stopListening } from './changes';
import type { Io } from './io';

// One process on its own: nobody else to tell, so the server itself is never asked for anything.
const io = {} as Io;
const start = 1_800_000_000_000;

afterEach(() => stopListening());

describe('what changed since a page was read', () => {
	it('counts everything as changed until the process hears of changes', () => {
		expect(changedSince(['space:a'], start)).toBe(true);
		listen(io, false, start);
		expect(changedSince(['space:a'], start + SKEW_MS, start + SKEW_MS)).toBe(false);
	});

	it('cannot vouch for a moment before it started hearing, or one it no longer remembers', () => {
		listen(io, false, start);
		expect(changedSince(['space:a'], start, start + 1)).toBe(true);
		const later = start + REMEMBER_MS * 2;
		expect(changedSince(['space:a'], later - REMEMBER_MS, later)).toBe(true);
		expect(changedSince(['space:a'], later - REMEMBER_MS + SKEW_MS, later)).toBe(false);
	});

	it('tells of a change to any of the rooms, at or after the moment, give or take the clocks', () => {
		listen(io, false, start);
		const readAt = start + 60_000;
		announce(io, ['space:a', 'user:u'], readAt + 1_000);
		expect(changedSince(['space:a'], readAt, readAt + 2_000)).toBe(true);
		expect(changedSince(['user:v', 'user:u'], readAt, readAt + 2_000)).toBe(true);
		expect(changedSince(['space:b', 'user:v'], readAt, readAt + 2_000)).toBe(false);
		// A change just before the page was read may not be in it: counted.
		expect(changedSince(['space:a'], readAt + 1_000 + SKEW_MS, readAt + 2_000)).toBe(true);
		expect(changedSince(['space:a'], readAt + 1_001 + SKEW_MS, readAt + 2_000)).toBe(false);
	});

	it('forgets everything when it stops hearing', () => {
		listen(io, false, start);
		const readAt = start + 60_000;
		expect(changedSince(['space:c'], readAt, readAt)).toBe(false);
		stopListening();
		expect(changedSince(['space:c'], readAt, readAt)).toBe(true);
	});
});

import { describe, expect, it } from 'vitest';
import { momentIso, momentText } from './moments.svelte';

const at = Date.UTC(2026, 10, 22, 18, 5);
const plain = (s: string) => s.replaceAll('\u202f', ' ');

describe('moments', () => {
	it('writes a moment in the zone asked for, and says so when that is UTC', () => {
		expect(plain(momentText(at, 'UTC'))).toBe('Nov 22, 2026, 6:05 PM UTC');
		expect(plain(momentText(at, 'Asia/Tokyo'))).toBe('Nov 23, 2026, 3:05 AM');
		expect(momentText(at, 'UTC', false)).toBe('Nov 22, 2026');
		expect(momentText(at, 'Asia/Tokyo', false)).toBe('Nov 23, 2026');
		// No zone: the device's own, never labelled.
		expect(momentText(at, undefined)).not.toMatch(/UTC$/);
	});

	it('gives the machine-readable moment, the same each time', () => {
		expect(momentIso(at)).toBe('2026-11-22T18:05:00.000Z');
		expect(momentIso(at)).toBe(momentIso(at));
		expect(momentIso(at + 1)).toBe('2026-11-22T18:05:00.001Z');
	});
});

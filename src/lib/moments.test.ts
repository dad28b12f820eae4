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

	it('writes every moment as Intl would in that zone, across clock changes', () => {
		const start = Date.UTC(2027, 0, 1);
		for (const zone of ['America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Lord_Howe'])
			for (let i = 0; i < 366 * 4; i++) {
				const at = start + i * 6 * 3_600_000 + i * 60_000;
				const o = { timeZone: zone } as const;
				expect(plain(momentText(at, zone))).toBe(
					plain(
						new Date(at).toLocaleString('en', { ...o, dateStyle: 'medium', timeStyle: 'short' })
					)
				);
				expect(momentText(at, zone, false)).toBe(
					new Date(at).toLocaleString('en', { ...o, dateStyle: 'medium' })
				);
			}
	});

	it('gives the machine-readable moment, the same each time', () => {
		expect(momentIso(at)).toBe('2026-11-22T18:05:00.000Z');
		expect(momentIso(at)).toBe(momentIso(at));
		expect(momentIso(at + 1)).toBe('2026-11-22T18:05:00.001Z');
	});
});

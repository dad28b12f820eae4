import { describe, expect, it } from 'vitest';
import { canonicalZone, utcOffset, zoneMatches, zoneOptions } from './time-zones';

const winter = Date.parse('2026-01-15T12:00:00Z');
const summer = Date.parse('2026-07-15T12:00:00Z');

describe('time zones by their current names', () => {
	it('reads former names as the current ones, and keeps current names as they are', () => {
		expect(canonicalZone('Asia/Calcutta')).toBe('Asia/Kolkata');
		expect(canonicalZone('Europe/Kiev')).toBe('Europe/Kyiv');
		expect(canonicalZone('Asia/Saigon')).toBe('Asia/Ho_Chi_Minh');
		expect(canonicalZone('Etc/UTC')).toBe('UTC');
		expect(canonicalZone('Asia/Kolkata')).toBe('Asia/Kolkata');
		expect(canonicalZone('Europe/Berlin')).toBe('Europe/Berlin');
		expect(canonicalZone('Mars/Olympus')).toBeNull();
		expect(canonicalZone(`Europe/${'x'.repeat(80)}`)).toBeNull();
	});

	it('writes the offset at a moment, in and out of summer time', () => {
		expect(utcOffset('Asia/Kolkata', winter)).toBe('UTC+05:30');
		expect(utcOffset('Europe/Kyiv', winter)).toBe('UTC+02:00');
		expect(utcOffset('Europe/Kyiv', summer)).toBe('UTC+03:00');
		expect(utcOffset('America/New_York', winter)).toBe('UTC-05:00');
		expect(utcOffset('America/St_Johns', winter)).toBe('UTC-03:30');
		expect(utcOffset('UTC', summer)).toBe('UTC+00:00');
	});

	it('lists every zone once, under its current name, with its offset', () => {
		const options = zoneOptions(winter);
		const values = options.map((o) => o.value);
		expect(new Set(values).size).toBe(values.length);
		expect(values).toEqual([...values].sort());
		expect(values).toContain('UTC');
		expect(values).not.toContain('Asia/Calcutta');
		expect(values).not.toContain('Europe/Kiev');
		expect(options.find((o) => o.value === 'Asia/Kolkata')?.label).toBe('Asia/Kolkata (UTC+05:30)');
		expect(options.find((o) => o.value === 'America/New_York')?.label).toBe(
			'America/New York (UTC-05:00)'
		);
		// A person's own zone is listed even where the runtime does not list it.
		expect(zoneOptions(winter, ['Etc/GMT+3']).map((o) => o.value)).toContain('Etc/GMT+3');
	});

	it('finds a zone by any part of its name, a former name or its offset', () => {
		const options = zoneOptions(winter);
		const found = (search: string) =>
			options.filter((o) => zoneMatches(o, search)).map((o) => o.value);
		expect(found('kyiv')).toEqual(['Europe/Kyiv']);
		expect(found('Kiev')).toEqual(['Europe/Kyiv']);
		expect(found('calcutta')).toEqual(['Asia/Kolkata']);
		expect(found('new york')).toEqual(['America/New_York']);
		expect(found('new_york')).toEqual(['America/New_York']);
		expect(found('+05:30')).toEqual(expect.arrayContaining(['Asia/Kolkata', 'Asia/Colombo']));
		expect(found('  ')).toHaveLength(options.length);
		expect(found('nowhere at all')).toEqual([]);
	});
});

import { describe, expect, it } from 'vitest';
import {
	BATCH_LONGEST_MS,
	BATCH_QUIET_MS,
	clockMinutes,
	clockText,
	dueNow,
	inQuietHours,
	type Timing
} from './notifications';

const at = (iso: string) => Date.parse(iso);
const plain: Timing = {
	timeZone: 'UTC',
	quietFrom: null,
	quietUntil: null,
	digest: false,
	digestSentOn: null
};

describe('when to tell', () => {
	it('waits for a batch to settle, but not for ever', () => {
		const t0 = at('2026-03-02T12:00:00Z');
		expect(dueNow(plain, [t0], t0 + BATCH_QUIET_MS - 1)).toBe(false);
		expect(dueNow(plain, [t0], t0 + BATCH_QUIET_MS)).toBe(true);
		// Something new keeps the batch open…
		const steady = [t0, t0 + 2 * 60_000, t0 + 4 * 60_000, t0 + 6 * 60_000, t0 + 8 * 60_000];
		expect(dueNow(plain, steady, t0 + 9 * 60_000)).toBe(false);
		// …until the oldest has waited long enough.
		expect(dueNow(plain, steady, t0 + BATCH_LONGEST_MS)).toBe(true);
	});

	it('sends a reminder of a moment at once, but still not in quiet hours', () => {
		const t0 = at('2026-03-02T12:00:00Z');
		const batch = { quietMs: BATCH_QUIET_MS, longestMs: BATCH_LONGEST_MS };
		expect(dueNow(plain, [t0], t0, batch, true)).toBe(true);
		const quiet = { ...plain, quietFrom: 11 * 60, quietUntil: 13 * 60 };
		expect(dueNow(quiet, [t0], t0, batch, true)).toBe(false);
		expect(dueNow(plain, [], t0, batch, true)).toBe(false);
		expect(dueNow(plain, [], t0)).toBe(false);
	});

	it('holds everything in quiet hours, across midnight, in the person’s own zone', () => {
		const nights: Timing = {
			...plain,
			timeZone: 'Europe/Berlin',
			quietFrom: 22 * 60,
			quietUntil: 7 * 60
		};
		// 21:30 UTC is 22:30 in Berlin in winter.
		expect(inQuietHours(nights, at('2026-01-10T21:30:00Z'))).toBe(true);
		expect(inQuietHours(nights, at('2026-01-11T05:59:00Z'))).toBe(true);
		expect(inQuietHours(nights, at('2026-01-11T06:00:00Z'))).toBe(false);
		expect(inQuietHours(nights, at('2026-01-10T20:59:00Z'))).toBe(false);
		const t0 = at('2026-01-10T21:30:00Z');
		expect(dueNow(nights, [t0], t0 + BATCH_LONGEST_MS)).toBe(false);
		expect(dueNow(nights, [t0], at('2026-01-11T06:00:00Z'))).toBe(true);
		const afternoons: Timing = { ...plain, quietFrom: 13 * 60, quietUntil: 15 * 60 };
		expect(inQuietHours(afternoons, at('2026-01-10T14:00:00Z'))).toBe(true);
		expect(inQuietHours(afternoons, at('2026-01-10T15:00:00Z'))).toBe(false);
	});

	it('sends a digest once a day, from nine in the morning', () => {
		const digest: Timing = { ...plain, timeZone: 'America/New_York', digest: true };
		const t0 = at('2026-05-04T15:00:00Z'); // 11:00 in New York
		expect(dueNow(digest, [t0], t0 + BATCH_LONGEST_MS)).toBe(true);
		const sentToday = { ...digest, digestSentOn: '2026-05-04' };
		expect(dueNow(sentToday, [t0], t0 + BATCH_LONGEST_MS)).toBe(false);
		expect(dueNow(sentToday, [t0], at('2026-05-05T12:59:00Z'))).toBe(false); // 08:59
		expect(dueNow(sentToday, [t0], at('2026-05-05T13:00:00Z'))).toBe(true); // 09:00
	});

	it('reads and writes clock times', () => {
		expect(clockMinutes('07:30')).toBe(450);
		expect(clockText(450)).toBe('07:30');
		for (const bad of ['7:30', '24:00', '12:60', '', 'noon']) expect(clockMinutes(bad)).toBeNull();
	});
});

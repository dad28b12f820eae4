import { describe, expect, it } from 'vitest';
import { RATE, take } from './register';

describe('the per-connection event bucket', () => {
	it('allows a burst, then refuses until it refills at a steady rate', () => {
		const socket = {};
		const t0 = 1_000_000;
		let allowed = 0;
		for (let i = 0; i < RATE.burst + 20; i++) if (take(socket, t0)) allowed++;
		expect(allowed).toBe(RATE.burst);
		expect(take(socket, t0)).toBe(false);
		// Half a second later, half a second's worth is back.
		let later = 0;
		for (let i = 0; i < 50; i++) if (take(socket, t0 + 500)) later++;
		expect(later).toBe(RATE.perSecond / 2);
	});

	it('keeps connections apart: one flooding leaves the other untouched', () => {
		const noisy = {};
		const calm = {};
		for (let i = 0; i < 1_000; i++) take(noisy, 5_000);
		expect(take(noisy, 5_000)).toBe(false);
		expect(take(calm, 5_000)).toBe(true);
	});
});

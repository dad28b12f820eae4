import { describe, expect, it } from 'vitest';
import { anchorFor, dayTicks, spreadTicks, textWidth } from './ticks';

describe('spreadTicks', () => {
	const at = (x: number) => x;

	it('labels every tick when there is room for all', () => {
		expect(spreadTicks([0, 50, 100, 150], at, 50)).toEqual([0, 50, 100, 150]);
	});

	it('labels fewer ticks on a narrower axis, keeping the first and the last', () => {
		const days = Array.from({ length: 11 }, (_, i) => i);
		const wide = spreadTicks(days, (d) => d * 60, 50);
		const narrow = spreadTicks(days, (d) => d * 25, 50);
		expect(wide).toHaveLength(11);
		expect(narrow.length).toBeLessThan(wide.length);
		expect(narrow[0]).toBe(0);
		expect(narrow.at(-1)).toBe(10);
		for (let i = 1; i < narrow.length; i++)
			expect(narrow[i]! * 25 - narrow[i - 1]! * 25).toBeGreaterThanOrEqual(50);
	});

	it('drops a tick crowded by its neighbour, however unevenly they fall', () => {
		expect(spreadTicks([0, 8, 100, 104, 200], at, 50)).toEqual([0, 100, 200]);
		// The last one wins over one just before it.
		expect(spreadTicks([0, 100, 130], at, 50)).toEqual([0, 130]);
	});

	it('keeps a lone tick, and the first of two that cannot both be labelled', () => {
		expect(spreadTicks([5], at, 50)).toEqual([5]);
		expect(spreadTicks([0, 10], at, 50)).toEqual([0]);
		expect(spreadTicks([], at, 50)).toEqual([]);
	});
});

describe('anchorFor', () => {
	it('centres a label on its tick unless it would leave the drawing, then leans it inwards', () => {
		const w = textWidth('Nov 30', 13);
		expect(anchorFor(150, w, 300)).toBe('middle');
		expect(anchorFor(10, w, 300)).toBe('start');
		expect(anchorFor(295, w, 300)).toBe('end');
	});
});

describe('dayTicks', () => {
	it('puts one tick on each day, at its first value, never before the first value', () => {
		const evening = Date.UTC(2026, 10, 14, 21, 30);
		const late = Date.UTC(2026, 10, 14, 23, 0);
		const morning = Date.UTC(2026, 10, 15, 8, 0);
		const week = Date.UTC(2026, 10, 22, 12, 0);
		expect(dayTicks([evening, late, morning, week])).toEqual([evening, morning, week]);
		expect(dayTicks([])).toEqual([]);
	});
});

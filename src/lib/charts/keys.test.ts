import { describe, expect, it } from 'vitest';
import { step } from './keys';

describe('step', () => {
	it('moves one value with the arrows, within the chart', () => {
		expect(step('ArrowRight', 1, 3)).toBe(2);
		expect(step('ArrowRight', 2, 3)).toBe(2);
		expect(step('ArrowLeft', 1, 3)).toBe(0);
		expect(step('ArrowLeft', 0, 3)).toBe(0);
		expect(step('ArrowDown', 0, 3)).toBe(1);
		expect(step('ArrowUp', 2, 3)).toBe(1);
	});

	it('goes to the first and the last with Home and End', () => {
		expect(step('Home', 2, 3)).toBe(0);
		expect(step('End', 0, 3)).toBe(2);
	});

	it('leaves other keys, and an empty chart, alone', () => {
		expect(step('Tab', 1, 3)).toBeNull();
		expect(step('Enter', 1, 3)).toBeNull();
		expect(step('ArrowRight', -1, 0)).toBeNull();
	});
});

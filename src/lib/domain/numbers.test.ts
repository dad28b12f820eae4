import { describe, expect, it } from 'vitest';
import { thousands, tooLong } from './numbers';

describe('thousands', () => {
	it('marks thousands as English writes them', () => {
		expect(thousands(0)).toBe('0');
		expect(thousands(999)).toBe('999');
		expect(thousands(1000)).toBe('1,000');
		expect(thousands(12_500)).toBe('12,500');
		expect(thousands(1_234_567)).toBe('1,234,567');
		expect(thousands(-4200)).toBe('-4,200');
	});

	it('writes the same as the English number format for every size a limit or count takes', () => {
		for (const n of [1, 10, 100, 1_000, 9_999, 10_000, 65_535, 100_000, 999_999, 1_000_001])
			expect(thousands(n)).toBe(n.toLocaleString('en'));
	});

	it('leaves what is not a whole number as it is', () => {
		expect(thousands(1.5)).toBe('1.5');
		expect(thousands(Number.NaN)).toBe('NaN');
	});
});

describe('tooLong', () => {
	it('names the limit', () => {
		expect(tooLong(2000)).toBe('Please keep this to 2,000 characters or fewer.');
	});
});

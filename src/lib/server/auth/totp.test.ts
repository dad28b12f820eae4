import { describe, expect, it } from 'vitest';
import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { DIGITS, keyText, keyUri, matchingStep, newKey, stepAt } from './totp';

const key = newKey();
/** A moment in the middle of a 30-second step, so ±1 step is well inside the window. */
const now = 1_800_000_000_000 + 15_000;
const codeAt = (step: number) => generateHOTP(key, BigInt(step), DIGITS);

describe('checking a code from an authenticator app', () => {
	it('takes the current code and names its step', () => {
		expect(matchingStep(key, codeAt(stepAt(now)), now, null)).toBe(stepAt(now));
	});

	it('allows one step of clock drift either way, and no more', () => {
		const step = stepAt(now);
		expect(matchingStep(key, codeAt(step - 1), now, null)).toBe(step - 1);
		expect(matchingStep(key, codeAt(step + 1), now, null)).toBe(step + 1);
		expect(matchingStep(key, codeAt(step - 2), now, null)).toBeNull();
		expect(matchingStep(key, codeAt(step + 2), now, null)).toBeNull();
	});

	it('follows the clock it is given', () => {
		const later = now + 5 * 60_000;
		expect(matchingStep(key, codeAt(stepAt(now)), later, null)).toBeNull();
		expect(matchingStep(key, codeAt(stepAt(later)), later, null)).toBe(stepAt(later));
	});

	it('refuses a code already used, and any from before it', () => {
		const step = stepAt(now);
		expect(matchingStep(key, codeAt(step), now, step)).toBeNull();
		expect(matchingStep(key, codeAt(step - 1), now, step)).toBeNull();
		expect(matchingStep(key, codeAt(step + 1), now, step)).toBe(step + 1);
	});

	it('refuses a wrong code, another key’s code and anything that is not six digits', () => {
		const right = codeAt(stepAt(now));
		const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
		expect(matchingStep(key, wrong, now, null)).toBeNull();
		expect(matchingStep(newKey(), right, now, null)).toBeNull();
		for (const odd of ['', right.slice(1), `${right}0`, 'abcdef'])
			expect(matchingStep(key, odd, now, null)).toBeNull();
	});
});

describe('showing the key', () => {
	it('as text in groups of four that decodes back to the key', () => {
		const text = keyText(key);
		expect(text).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
		expect(decodeBase32IgnorePadding(text.replaceAll(' ', ''))).toEqual(key);
	});

	it('as an otpauth link naming Trellis and the account', () => {
		const uri = new URL(keyUri('ana@example.com', key));
		expect(uri.protocol).toBe('otpauth:');
		expect(decodeURIComponent(uri.pathname)).toContain('Trellis:ana@example.com');
		expect(uri.searchParams.get('secret')).toBe(keyText(key).replaceAll(' ', ''));
		expect(uri.searchParams.get('digits')).toBe('6');
		expect(uri.searchParams.get('period')).toBe('30');
	});
});

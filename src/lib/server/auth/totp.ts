import { createTOTPKeyURI, verifyHOTP } from '@oslojs/otp';
import { encodeBase32NoPadding } from '@oslojs/encoding';

/** What every authenticator app assumes: 6 digits, a new code every 30 seconds, SHA-1. */
export const PERIOD_SECONDS = 30;
export const DIGITS = 6;
/** A code from the step before or after is taken too: phones' clocks drift, people type slowly. */
export const DRIFT_STEPS = 1;
const ISSUER = 'Trellis';

/** A new key: 20 random bytes, the length RFC 4226 recommends for SHA-1. */
export function newKey(): Uint8Array {
	return crypto.getRandomValues(new Uint8Array(20));
}

/** The 30-second step a moment falls in. */
export function stepAt(now: number): number {
	return Math.floor(now / (PERIOD_SECONDS * 1000));
}

/**
 * The step a code belongs to, within the drift allowed around `now`, or null. A step at or before
 * the last one accepted is never matched again, so an overheard code cannot be replayed.
 */
export function matchingStep(
	key: Uint8Array,
	code: string,
	now: number,
	lastUsedStep: number | null
): number | null {
	const current = stepAt(now);
	for (let step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step++) {
		if (lastUsedStep !== null && step <= lastUsedStep) continue;
		if (verifyHOTP(key, BigInt(step), DIGITS, code)) return step;
	}
	return null;
}

/** The key as people type it into an app: base32 in groups of four. */
export function keyText(key: Uint8Array): string {
	return encodeBase32NoPadding(key)
		.match(/.{1,4}/g)!
		.join(' ');
}

/** The `otpauth://` link an authenticator app opens to add the key. */
export function keyUri(accountName: string, key: Uint8Array): string {
	return createTOTPKeyURI(ISSUER, accountName, key, PERIOD_SECONDS, DIGITS);
}

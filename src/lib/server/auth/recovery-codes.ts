import { hashSecret, randomString } from './tokens';

/** Recovery codes given at once; each works once. */
export const RECOVERY_CODE_COUNT = 10;
const SYMBOLS = /^[a-km-np-z2-9]{10}$/;

/** Ten random symbols (50 bits) shown as two groups of five, easy to copy onto paper. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
	return Array.from({ length: count }, () => {
		const code = randomString(10);
		return `${code.slice(0, 5)}-${code.slice(5)}`;
	});
}

/**
 * A typed code as it was given: case, spaces and the dash do not matter. Null for anything
 * that cannot be one of ours.
 */
export function normaliseRecoveryCode(typed: string): string | null {
	const plain = typed.toLowerCase().replace(/[\s-]/g, '');
	return SYMBOLS.test(plain) ? plain : null;
}

/** What is stored: the SHA-256 of the code's symbols (random enough that no salt is needed). */
export function hashRecoveryCode(code: string): Uint8Array {
	return hashSecret(normaliseRecoveryCode(code) ?? code);
}

import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';

/** 32 symbols without look-alikes (no l, o, 0, 1): each random byte >> 3 picks one, unbiased. */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A random string from a CSPRNG; 24 characters carry 120 bits. */
export function randomString(length = 24): string {
	const bytes = crypto.getRandomValues(new Uint8Array(length));
	let out = '';
	for (const byte of bytes) out += ALPHABET[byte >> 3];
	return out;
}

export function hashSecret(secret: string): Uint8Array {
	return sha256(new TextEncoder().encode(secret));
}

export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
	return constantTimeEqual(hashSecret(secret), storedHash);
}

/** A session token is `<id>.<secret>`: the id finds the row, the secret proves possession. */
export function newSessionToken(): { id: string; secret: string; token: string } {
	const id = randomString();
	const secret = randomString();
	return { id, secret, token: `${id}.${secret}` };
}

const TOKEN_PART = /^[a-km-np-z2-9]{24}$/;

export function parseSessionToken(token: string): { id: string; secret: string } | null {
	const [id, secret, extra] = token.split('.');
	if (extra !== undefined || !id || !secret) return null;
	if (!TOKEN_PART.test(id) || !TOKEN_PART.test(secret)) return null;
	return { id, secret };
}

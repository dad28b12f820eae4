import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { derivedKey } from '../secrets';

/**
 * Small secrets kept at rest (authenticator keys) are sealed with AES-256-GCM under a key
 * derived from the server's own, which is never in the database: a copy of the database alone
 * cannot make anyone's codes. `boundTo` (the owner's id) is authenticated with it, so a sealed
 * value moved to another row does not open.
 */
const LABEL = 'sealed:v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function seal(plain: Uint8Array, boundTo: string): Buffer {
	const iv = randomBytes(IV_BYTES);
	const cipher = createCipheriv('aes-256-gcm', derivedKey(LABEL), iv);
	cipher.setAAD(Buffer.from(boundTo, 'utf8'));
	const body = Buffer.concat([cipher.update(plain), cipher.final()]);
	return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** The sealed value, or null if it was not sealed for `boundTo` under this server's key. */
export function unseal(sealed: Uint8Array, boundTo: string): Uint8Array | null {
	const bytes = Buffer.from(sealed);
	if (bytes.length <= IV_BYTES + TAG_BYTES) return null;
	try {
		const decipher = createDecipheriv(
			'aes-256-gcm',
			derivedKey(LABEL),
			bytes.subarray(0, IV_BYTES)
		);
		decipher.setAAD(Buffer.from(boundTo, 'utf8'));
		decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
		const body = bytes.subarray(IV_BYTES + TAG_BYTES);
		return new Uint8Array(Buffer.concat([decipher.update(body), decipher.final()]));
	} catch {
		return null;
	}
}

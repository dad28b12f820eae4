import { hash, verify, type Options } from '@node-rs/argon2';
import { isCommonPassword } from './common-passwords';

export const PASSWORD_MIN = 10;
/** Long enough for any passphrase, short enough that hashing cannot be used to exhaust the server. */
export const PASSWORD_MAX = 256;

/** argon2id with the parameters recommended for interactive log-in (19 MiB, 2 passes). */
const ARGON2: Options = {
	algorithm: 2 as NonNullable<Options['algorithm']>, // Argon2id (a const enum the compiler cannot import)
	memoryCost: 19456,
	timeCost: 2,
	outputLen: 32,
	parallelism: 1
};

/** Why a new password is not good enough, in plain words, or null when it is fine. */
export function passwordProblem(
	password: string,
	about: { email?: string; displayName?: string } = {}
): string | null {
	if (password.length < PASSWORD_MIN)
		return `Please use at least ${PASSWORD_MIN} characters. A few unrelated words make a strong, memorable password.`;
	if (password.length > PASSWORD_MAX) return `Please use at most ${PASSWORD_MAX} characters.`;
	if (/^(.)\1*$/su.test(password)) return 'Please avoid repeating a single character.';
	if (isCommonPassword(password))
		return 'That password is one of the first ones people try to guess. Please choose another.';
	const lower = password.toLowerCase();
	const personal = [about.email, about.email?.split('@')[0], about.displayName]
		.filter((s): s is string => !!s && s.length >= 3)
		.map((s) => s.toLowerCase());
	if (personal.some((s) => lower === s || lower.replace(/[\d\W_]+$/u, '') === s))
		return 'Please choose a password that is not your email or name.';
	return null;
}

export function hashPassword(password: string): Promise<string> {
	return hash(password, ARGON2);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

/** Hash of a random password, verified against when an email is unknown so timing reveals nothing. */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
	decoyHash ??= hashPassword(crypto.randomUUID());
	return decoyHash;
}

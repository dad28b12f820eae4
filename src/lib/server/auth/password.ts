import { hash, verify, type Options } from '@node-rs/argon2';
import { assess } from './strength';
import { strengthProblem, strengthText } from './strength-words';

export { PASSWORD_MAX, PASSWORD_MIN } from './strength';

/** argon2id with the parameters recommended for interactive log-in (19 MiB, 2 passes). */
const ARGON2: Options = {
	algorithm: 2 as NonNullable<Options['algorithm']>, // Argon2id (a const enum the compiler cannot import)
	memoryCost: 19456,
	timeCost: 2,
	outputLen: 32,
	parallelism: 1
};

/**
 * Why a new password is not good enough, in plain words, or null when it is fine: checked
 * against lists of common and breached passwords and against the person's own email and name.
 */
export async function passwordProblem(
	password: string,
	about: { email?: string; displayName?: string } = {}
): Promise<string | null> {
	return strengthProblem(await assess(password, about));
}

/** The estimate shown beside a new-password field: a level, and a sentence in our words. */
export async function estimate(
	password: string,
	about: { email?: string; displayName?: string } = {}
): Promise<{ level: string; text: string }> {
	const strength = await assess(password, about);
	return { level: strength.level, text: strengthText(strength) };
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

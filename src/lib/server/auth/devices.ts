import { eq, lt } from 'drizzle-orm';
import { encodeHexLowerCase } from '@oslojs/encoding';
import type { DbOrTx } from '../db';
import { knownDevices } from '../db/schema';
import { hashSecret, randomString } from './tokens';

/**
 * A browser a person has logged in from keeps a random token in a cookie that only the log-in
 * page receives. Log-ins from it are counted apart from everyone else's: failures sent by
 * someone who knows the person's email, from anywhere else, never hold up this browser.
 */
export const DEVICE_COOKIE = 'trellis_device';
/** A browser not used to log in for this long is forgotten. */
export const DEVICE_LIFETIME_MS = 365 * 24 * 60 * 60_000;

const TOKEN = /^[a-km-np-z2-9]{32}$/;
const idOf = (token: string) => encodeHexLowerCase(hashSecret(token));

/** Whose browser this token marks, if it marks one (and is well formed). */
export async function ownerOf(
	db: DbOrTx,
	token: string | undefined,
	now = Date.now()
): Promise<string | null> {
	if (!token || !TOKEN.test(token)) return null;
	const [row] = await db
		.select({ userId: knownDevices.userId, lastUsedAt: knownDevices.lastUsedAt })
		.from(knownDevices)
		.where(eq(knownDevices.id, idOf(token)))
		.limit(1);
	return row && now - row.lastUsedAt.getTime() < DEVICE_LIFETIME_MS ? row.userId : null;
}

/** A throttle key for log-ins from one known browser (no token in it). */
export const throttleKey = (token: string) => `device:${idOf(token).slice(0, 32)}`;

/** Remembers this browser for the person after they logged in from it; returns its token. */
export async function remember(db: DbOrTx, userId: string, now = Date.now()): Promise<string> {
	const token = randomString(32);
	await db
		.insert(knownDevices)
		.values({ id: idOf(token), userId, createdAt: new Date(now), lastUsedAt: new Date(now) });
	return token;
}

export async function touch(db: DbOrTx, token: string, now = Date.now()): Promise<void> {
	await db
		.update(knownDevices)
		.set({ lastUsedAt: new Date(now) })
		.where(eq(knownDevices.id, idOf(token)));
}

/** After a new password or logging out everywhere: no browser is trusted until it logs in again. */
export async function forgetAllOf(db: DbOrTx, userId: string): Promise<void> {
	await db.delete(knownDevices).where(eq(knownDevices.userId, userId));
}

export async function prune(db: DbOrTx, now = Date.now()): Promise<void> {
	await db
		.delete(knownDevices)
		.where(lt(knownDevices.lastUsedAt, new Date(now - DEVICE_LIFETIME_MS)));
}

import { and, eq, gt, lt } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { pendingLogins } from '../db/schema';
import { hashSecret, newSessionToken, parseSessionToken, secretMatches } from './tokens';

/**
 * Between a right password and the code from the authenticator app. The cookie names a
 * server-side record bound to one account; it is not a session, so no page of the app and no
 * live connection takes it. Only the log-in pages receive it.
 */
export const PENDING_COOKIE = 'trellis_pending_login';
export const PENDING_PATH = '/login';
/** Long enough to open an app and type a code, short enough that a forgotten tab leads nowhere. */
export const PENDING_LIFETIME_MS = 5 * 60_000;

export async function create(db: DbOrTx, userId: string, now = Date.now()) {
	const { id, secret, token } = newSessionToken();
	const expiresAt = new Date(now + PENDING_LIFETIME_MS);
	await db
		.insert(pendingLogins)
		.values({ id, userId, secretHash: Buffer.from(hashSecret(secret)), expiresAt });
	return { token, expiresAt };
}

/** The pending log-in a cookie names, if it is well formed, right and not yet expired. */
export async function find(db: DbOrTx, token: string | undefined, now = Date.now()) {
	const parts = token ? parseSessionToken(token) : null;
	if (!parts) return null;
	const [row] = await db
		.select()
		.from(pendingLogins)
		.where(and(eq(pendingLogins.id, parts.id), gt(pendingLogins.expiresAt, new Date(now))))
		.limit(1);
	if (!row || !secretMatches(parts.secret, row.secretHash)) return null;
	return { id: row.id, userId: row.userId };
}

/** Uses a pending log-in up; only the first of two at once gets true. */
export async function consume(db: DbOrTx, id: string): Promise<boolean> {
	const used = await db
		.delete(pendingLogins)
		.where(eq(pendingLogins.id, id))
		.returning({ id: pendingLogins.id });
	return used.length > 0;
}

/** After a new password or logging out everywhere: a half-finished log-in goes too. */
export async function forgetAllOf(db: DbOrTx, userId: string): Promise<void> {
	await db.delete(pendingLogins).where(eq(pendingLogins.userId, userId));
}

export async function prune(db: DbOrTx, now = Date.now()): Promise<void> {
	await db.delete(pendingLogins).where(lt(pendingLogins.expiresAt, new Date(now)));
}

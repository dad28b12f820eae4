import { and, desc, eq, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { kept, type DbOrTx } from '../db';
import { sessions, users } from '../db/schema';
import { hashSecret, newSessionToken, parseSessionToken, secretMatches } from './tokens';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Signed out after a week without use, and after thirty days whatever happens. */
export const INACTIVITY_TIMEOUT_MS = 7 * DAY;
export const ABSOLUTE_LIFETIME_MS = 30 * DAY;
/**
 * "Last active" is written at most this often, so reads stay cheap. It also decides when an idle
 * device locks, so it is short next to the shortest lock (five minutes).
 */
export const ACTIVITY_WRITE_INTERVAL_MS = MINUTE;

/** "Lock after" for a new log-in, in minutes. */
export const DEFAULT_LOCK_AFTER_MINUTES = 15;

export const SESSION_COOKIE = 'trellis_session';

/**
 * The session cookie's name. Over https it carries the `__Host-` prefix, so the browser keeps it
 * only for this exact site, only over https, and no other site on the domain can set it.
 */
export function sessionCookieName(
	secure = (process.env.ORIGIN ?? '').startsWith('https://')
): string {
	return secure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;
}

function expiresAt(createdAt: number, lastActiveAt: number): number {
	return Math.min(lastActiveAt + INACTIVITY_TIMEOUT_MS, createdAt + ABSOLUTE_LIFETIME_MS);
}

export async function create(db: DbOrTx, userId: string, device: string, now = Date.now()) {
	const { id, secret, token } = newSessionToken();
	await db.insert(sessions).values({
		id,
		userId,
		secretHash: Buffer.from(hashSecret(secret)),
		createdAt: new Date(now),
		lastActiveAt: new Date(now),
		device,
		lockAfterMinutes: DEFAULT_LOCK_AFTER_MINUTES
	});
	return { token, sessionId: id, expiresAt: new Date(expiresAt(now, now)) };
}

// Run for every request and connection.
// Asked on every request that carries a session cookie.
const sessionWithUser = kept('session_with_user', (db) =>
	db
		.select({
			id: sessions.id,
			secretHash: sessions.secretHash,
			createdAt: sessions.createdAt,
			lastActiveAt: sessions.lastActiveAt,
			device: sessions.device,
			lockedAt: sessions.lockedAt,
			lockAfterMinutes: sessions.lockAfterMinutes,
			userId: users.id,
			email: users.email,
			displayName: users.displayName,
			kind: users.kind,
			timeZone: users.timeZone,
			emailVerifiedAt: users.emailVerifiedAt
		})
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.where(eq(sessions.id, sql.placeholder('id')))
		.limit(1)
);

/**
 * Whether a device left alone this long has locked. The page locks itself at the minute; this
 * catches a page that was closed or asleep, one write interval later at most (the last use may
 * have fallen just after the last write).
 */
export function idleTooLong(lockAfterMinutes: number | null, idleMs: number): boolean {
	return (
		lockAfterMinutes !== null && idleMs >= lockAfterMinutes * MINUTE + ACTIVITY_WRITE_INTERVAL_MS
	);
}

/**
 * Checks a token from a cookie. Returns the session and its person, or null when the
 * token is malformed, unknown, wrong or expired (an expired session is deleted). The check
 * counts as the device being in use, unless `touch` is false: then `touchDue` says whether it
 * would have, for the caller to `touch` once it knows the device is let in.
 */
export async function validate(
	db: DbOrTx,
	token: string,
	now = Date.now(),
	{ touch: touching = true }: { touch?: boolean } = {}
) {
	const parts = parseSessionToken(token);
	if (!parts) return null;
	const [row] = await sessionWithUser(db, { id: parts.id });
	if (!row) return null;
	if (!secretMatches(parts.secret, row.secretHash)) return null;
	const created = row.createdAt.getTime();
	let lastActive = row.lastActiveAt.getTime();
	if (now >= expiresAt(created, lastActive)) {
		await db.delete(sessions).where(eq(sessions.id, row.id));
		return null;
	}
	let locked = row.lockedAt !== null;
	// Locked by this look (left idle too long): the caller closes its live connections.
	let lockedNow = false;
	if (!locked && idleTooLong(row.lockAfterMinutes, now - lastActive)) {
		lockedNow = await lock(db, row.id, now);
		locked = true;
	}
	let refreshed = false;
	// A locked device is not in use: its requests do not count as activity.
	const touchDue = !locked && now - lastActive >= ACTIVITY_WRITE_INTERVAL_MS;
	if (touchDue && touching) {
		lastActive = now;
		refreshed = true;
		await touch(db, row.id, now);
	}
	return {
		session: {
			id: row.id,
			device: row.device,
			createdAt: new Date(created),
			lastActiveAt: new Date(lastActive),
			expiresAt: new Date(expiresAt(created, lastActive)),
			refreshed,
			touchDue: touchDue && !touching,
			locked,
			lockedNow,
			lockAfterMinutes: row.lockAfterMinutes
		},
		user: {
			id: row.userId,
			email: row.email,
			displayName: row.displayName,
			kind: row.kind,
			timeZone: row.timeZone,
			emailVerified: row.emailVerifiedAt !== null
		}
	};
}

export type Validated = NonNullable<Awaited<ReturnType<typeof validate>>>;
export type SessionUser = Validated['user'];
export type CurrentSession = Validated['session'];

/** The device is in use now (its session's inactivity is counted from here). */
export async function touch(db: DbOrTx, sessionId: string, now = Date.now()): Promise<void> {
	await db
		.update(sessions)
		.set({ lastActiveAt: new Date(now) })
		.where(eq(sessions.id, sessionId));
}

/** Locks one device's session (idempotent); returns whether it was open until now. */
export async function lock(db: DbOrTx, sessionId: string, now = Date.now()): Promise<boolean> {
	const locked = await db
		.update(sessions)
		.set({ lockedAt: new Date(now) })
		.where(and(eq(sessions.id, sessionId), isNull(sessions.lockedAt)))
		.returning({ id: sessions.id });
	return locked.length > 0;
}

/** Opens a locked session again (after its person gave their password); counts as use. */
export async function unlock(db: DbOrTx, sessionId: string, now = Date.now()): Promise<void> {
	await db
		.update(sessions)
		.set({ lockedAt: null, lastActiveAt: new Date(now) })
		.where(eq(sessions.id, sessionId));
}

/** This device's "Lock after" (minutes, or null for never). */
export async function setLockAfter(
	db: DbOrTx,
	sessionId: string,
	minutes: number | null
): Promise<void> {
	await db.update(sessions).set({ lockAfterMinutes: minutes }).where(eq(sessions.id, sessionId));
}

export type SessionState = 'open' | 'locked' | 'gone';

/** What a live connection's session has become: still open, locked, or gone. */
export async function stateOf(
	db: DbOrTx,
	sessionId: string,
	now = Date.now(),
	onLocked?: (sessionId: string) => void
): Promise<SessionState> {
	return (await statesOf(db, [sessionId], now, onLocked)).get(sessionId)!;
}

/**
 * The same for many sessions at once (every connection of a process), in one read. A session
 * found left idle is locked, and `onLocked` told of it (to close its connections everywhere).
 */
export async function statesOf(
	db: DbOrTx,
	sessionIds: readonly string[],
	now = Date.now(),
	onLocked?: (sessionId: string) => void
): Promise<Map<string, SessionState>> {
	const ids = [...new Set(sessionIds)];
	const found = new Map<string, SessionState>(ids.map((id) => [id, 'gone']));
	for (let i = 0; i < ids.length; i += SESSIONS_AT_ONCE) {
		const rows = await db
			.select({
				id: sessions.id,
				lockedAt: sessions.lockedAt,
				lockAfterMinutes: sessions.lockAfterMinutes,
				lastActiveAt: sessions.lastActiveAt
			})
			.from(sessions)
			.where(inArray(sessions.id, ids.slice(i, i + SESSIONS_AT_ONCE)));
		for (const row of rows) {
			const idle =
				!row.lockedAt && idleTooLong(row.lockAfterMinutes, now - row.lastActiveAt.getTime());
			if (idle && (await lock(db, row.id, now))) onLocked?.(row.id);
			found.set(row.id, row.lockedAt || idle ? 'locked' : 'open');
		}
	}
	return found;
}

/** How many sessions one read looks at. */
const SESSIONS_AT_ONCE = 500;

/** Ends one session; returns whether it existed. */
export async function end(db: DbOrTx, sessionId: string): Promise<boolean> {
	const ended = await db
		.delete(sessions)
		.where(eq(sessions.id, sessionId))
		.returning({ id: sessions.id });
	return ended.length > 0;
}

/** Ends one of a person's sessions, but only if it is theirs. */
export async function endOwn(db: DbOrTx, userId: string, sessionId: string): Promise<boolean> {
	const result = await db
		.delete(sessions)
		.where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
		.returning({ id: sessions.id });
	return result.length > 0;
}

/** Ends every session of a person (optionally keeping one); returns the ended ids. */
export async function endAllOf(db: DbOrTx, userId: string, keep?: string): Promise<string[]> {
	const where = keep
		? and(eq(sessions.userId, userId), ne(sessions.id, keep))
		: eq(sessions.userId, userId);
	const ended = await db.delete(sessions).where(where).returning({ id: sessions.id });
	return ended.map((r) => r.id);
}

export async function listOf(db: DbOrTx, userId: string, now = Date.now()) {
	const rows = await db
		.select({
			id: sessions.id,
			device: sessions.device,
			createdAt: sessions.createdAt,
			lastActiveAt: sessions.lastActiveAt
		})
		.from(sessions)
		.where(eq(sessions.userId, userId))
		.orderBy(desc(sessions.lastActiveAt));
	return rows.filter((s) => now < expiresAt(s.createdAt.getTime(), s.lastActiveAt.getTime()));
}

/** Deletes every expired session; returns the ids so their sockets can be closed. */
export async function deleteExpired(db: DbOrTx, now = Date.now()): Promise<string[]> {
	const deleted = await db
		.delete(sessions)
		.where(
			or(
				lt(sessions.lastActiveAt, new Date(now - INACTIVITY_TIMEOUT_MS)),
				lt(sessions.createdAt, new Date(now - ABSOLUTE_LIFETIME_MS))
			)
		)
		.returning({ id: sessions.id });
	return deleted.map((r) => r.id);
}

export async function exists(db: DbOrTx, sessionId: string): Promise<boolean> {
	const [row] = await db
		.select({ id: sessions.id })
		.from(sessions)
		.where(eq(sessions.id, sessionId))
		.limit(1);
	return !!row;
}

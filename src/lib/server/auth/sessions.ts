import { and, desc, eq, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { statement } from '../db/statement';
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

export function create(db: DbOrTx, userId: string, device: string, now = Date.now()) {
	const { id, secret, token } = newSessionToken();
	db.insert(sessions)
		.values({
			id,
			userId,
			secretHash: Buffer.from(hashSecret(secret)),
			createdAt: new Date(now),
			lastActiveAt: new Date(now),
			device,
			lockAfterMinutes: DEFAULT_LOCK_AFTER_MINUTES
		})
		.run();
	return { token, sessionId: id, expiresAt: new Date(expiresAt(now, now)) };
}

/**
 * Checks a token from a cookie. Returns the session and its person, or null when the
 * token is malformed, unknown, wrong or expired (an expired session is deleted).
 */
// Run for every request and connection, so compiled once and reused.
const sessionWithUser = statement((db) =>
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
		.prepare()
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

export function validate(db: DbOrTx, token: string, now = Date.now()) {
	const parts = parseSessionToken(token);
	if (!parts) return null;
	const row = sessionWithUser(db).get({ id: parts.id });
	if (!row) return null;
	if (!secretMatches(parts.secret, row.secretHash)) return null;
	const created = row.createdAt.getTime();
	let lastActive = row.lastActiveAt.getTime();
	if (now >= expiresAt(created, lastActive)) {
		db.delete(sessions).where(eq(sessions.id, row.id)).run();
		return null;
	}
	let locked = row.lockedAt !== null;
	if (!locked && idleTooLong(row.lockAfterMinutes, now - lastActive)) {
		lock(db, row.id, now);
		locked = true;
	}
	let refreshed = false;
	// A locked device is not in use: its requests do not count as activity.
	if (!locked && now - lastActive >= ACTIVITY_WRITE_INTERVAL_MS) {
		lastActive = now;
		refreshed = true;
		db.update(sessions)
			.set({ lastActiveAt: new Date(now) })
			.where(eq(sessions.id, row.id))
			.run();
	}
	return {
		session: {
			id: row.id,
			device: row.device,
			createdAt: new Date(created),
			lastActiveAt: new Date(lastActive),
			expiresAt: new Date(expiresAt(created, lastActive)),
			refreshed,
			locked,
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

export type Validated = NonNullable<ReturnType<typeof validate>>;
export type SessionUser = Validated['user'];
export type CurrentSession = Validated['session'];

/** Locks one device's session (idempotent); returns whether it was open until now. */
export function lock(db: DbOrTx, sessionId: string, now = Date.now()): boolean {
	return (
		db
			.update(sessions)
			.set({ lockedAt: new Date(now) })
			.where(and(eq(sessions.id, sessionId), isNull(sessions.lockedAt)))
			.run().changes > 0
	);
}

/** Opens a locked session again (after its person gave their password); counts as use. */
export function unlock(db: DbOrTx, sessionId: string, now = Date.now()): void {
	db.update(sessions)
		.set({ lockedAt: null, lastActiveAt: new Date(now) })
		.where(eq(sessions.id, sessionId))
		.run();
}

/** This device's "Lock after" (minutes, or null for never). */
export function setLockAfter(db: DbOrTx, sessionId: string, minutes: number | null): void {
	db.update(sessions).set({ lockAfterMinutes: minutes }).where(eq(sessions.id, sessionId)).run();
}

/** What a live connection's session has become: still open, locked, or gone. */
export function stateOf(
	db: DbOrTx,
	sessionId: string,
	now = Date.now()
): 'open' | 'locked' | 'gone' {
	const row = db
		.select({
			lockedAt: sessions.lockedAt,
			lockAfterMinutes: sessions.lockAfterMinutes,
			lastActiveAt: sessions.lastActiveAt
		})
		.from(sessions)
		.where(eq(sessions.id, sessionId))
		.get();
	if (!row) return 'gone';
	if (row.lockedAt) return 'locked';
	if (idleTooLong(row.lockAfterMinutes, now - row.lastActiveAt.getTime())) {
		lock(db, sessionId, now);
		return 'locked';
	}
	return 'open';
}

/** Ends one session; returns whether it existed. */
export function end(db: DbOrTx, sessionId: string): boolean {
	return db.delete(sessions).where(eq(sessions.id, sessionId)).run().changes > 0;
}

/** Ends one of a person's sessions, but only if it is theirs. */
export function endOwn(db: DbOrTx, userId: string, sessionId: string): boolean {
	const result = db
		.delete(sessions)
		.where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
		.run();
	return result.changes > 0;
}

/** Ends every session of a person (optionally keeping one); returns the ended ids. */
export function endAllOf(db: DbOrTx, userId: string, keep?: string): string[] {
	const where = keep
		? and(eq(sessions.userId, userId), ne(sessions.id, keep))
		: eq(sessions.userId, userId);
	return db
		.delete(sessions)
		.where(where)
		.returning({ id: sessions.id })
		.all()
		.map((r) => r.id);
}

export function listOf(db: DbOrTx, userId: string, now = Date.now()) {
	return db
		.select({
			id: sessions.id,
			device: sessions.device,
			createdAt: sessions.createdAt,
			lastActiveAt: sessions.lastActiveAt
		})
		.from(sessions)
		.where(eq(sessions.userId, userId))
		.orderBy(desc(sessions.lastActiveAt))
		.all()
		.filter((s) => now < expiresAt(s.createdAt.getTime(), s.lastActiveAt.getTime()));
}

/** Deletes every expired session; returns the ids so their sockets can be closed. */
export function deleteExpired(db: DbOrTx, now = Date.now()): string[] {
	return db
		.delete(sessions)
		.where(
			or(
				lt(sessions.lastActiveAt, new Date(now - INACTIVITY_TIMEOUT_MS)),
				lt(sessions.createdAt, new Date(now - ABSOLUTE_LIFETIME_MS))
			)
		)
		.returning({ id: sessions.id })
		.all()
		.map((r) => r.id);
}

export function exists(db: DbOrTx, sessionId: string): boolean {
	return !!db.select({ id: sessions.id }).from(sessions).where(eq(sessions.id, sessionId)).get();
}

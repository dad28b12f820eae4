import { eq, inArray, lt } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { loginThrottle } from '../db/schema';
import { derivedSecret } from '../secrets';

/**
 * Failed log-ins slow down exponentially after a few free tries, up to a cap.
 * The cap is short enough that the real owner is never locked out for long,
 * and the count is forgotten after a quiet period.
 */
export interface ThrottleRule {
	freeFailures: number;
	baseDelayMs: number;
	maxDelayMs: number;
	forgetAfterMs: number;
}

export interface ThrottleState {
	failures: number;
	lastFailureAt: number;
	blockedUntil: number;
}

export const accountRule: ThrottleRule = {
	freeFailures: 4,
	baseDelayMs: 2_000,
	maxDelayMs: 15 * 60_000,
	forgetAfterMs: 24 * 60 * 60_000
};

/**
 * One account from anywhere: much more room than one account from one address, so that
 * someone who knows a person's email cannot keep them locked out from elsewhere.
 */
export const accountAnywhereRule: ThrottleRule = {
	freeFailures: 50,
	baseDelayMs: 2_000,
	maxDelayMs: 15 * 60_000,
	forgetAfterMs: 24 * 60 * 60_000
};

/**
 * Mail sent to one address on someone's asking (a reset link, a new-address link, a note that
 * someone tried to sign up): three an hour, then a pause, so nobody can flood an inbox with it.
 */
export const mailToAddressRule: ThrottleRule = {
	freeFailures: 2,
	baseDelayMs: 10 * 60_000,
	maxDelayMs: 60 * 60_000,
	forgetAfterMs: 60 * 60_000
};

/** Many people can share one address, so it gets more room than a single account. */
export const addressRule: ThrottleRule = {
	freeFailures: 20,
	baseDelayMs: 1_000,
	maxDelayMs: 15 * 60_000,
	forgetAfterMs: 60 * 60_000
};

function current(state: ThrottleState | undefined, rule: ThrottleRule, now: number) {
	if (!state || now - state.lastFailureAt >= rule.forgetAfterMs) return undefined;
	return state;
}

/** Milliseconds to wait before another attempt is allowed (0 = go ahead). */
export function waitMs(state: ThrottleState | undefined, rule: ThrottleRule, now: number): number {
	const live = current(state, rule, now);
	return live ? Math.max(0, live.blockedUntil - now) : 0;
}

export function afterFailure(
	state: ThrottleState | undefined,
	rule: ThrottleRule,
	now: number
): ThrottleState {
	const failures = (current(state, rule, now)?.failures ?? 0) + 1;
	const over = failures - rule.freeFailures;
	const delay = over <= 0 ? 0 : Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** (over - 1));
	return { failures, lastFailureAt: now, blockedUntil: now + delay };
}

/**
 * Keys name an account by a keyed hash of its email (with the server's own key), so the table
 * holds no addresses, and a copy of it cannot be checked against a list of addresses.
 */
const hashed = (email: string) => derivedSecret(`throttle:${email}`).slice(0, 32);
export const accountKey = (email: string) => `account:${hashed(email)}`;
export const accountFromKey = (email: string, address: string) =>
	`account:${hashed(email)}|${address}`;
export const addressKey = (address: string) => `address:${address}`;
/**
 * A signed-in person confirming their password (to change it, or to delete things): counted
 * for them alone, so that failed log-ins by others with their email never block it.
 */
export const recheckKey = (userId: string) => `recheck:${userId}`;

type Keyed = { key: string; rule: ThrottleRule };

function load(db: DbOrTx, keys: Keyed[]) {
	const rows = db
		.select()
		.from(loginThrottle)
		.where(
			inArray(
				loginThrottle.key,
				keys.map((k) => k.key)
			)
		)
		.all();
	return new Map(
		rows.map((r) => [
			r.key,
			{
				failures: r.failures,
				lastFailureAt: r.lastFailureAt.getTime(),
				blockedUntil: r.blockedUntil.getTime()
			}
		])
	);
}

/** The longest wait any of the keys imposes right now. */
export function wait(db: DbOrTx, keys: Keyed[], now: number): number {
	const states = load(db, keys);
	return Math.max(0, ...keys.map((k) => waitMs(states.get(k.key), k.rule, now)));
}

export function recordFailure(db: DbOrTx, keys: Keyed[], now: number): void {
	const states = load(db, keys);
	for (const k of keys) {
		const next = afterFailure(states.get(k.key), k.rule, now);
		const row = {
			key: k.key,
			failures: next.failures,
			lastFailureAt: new Date(next.lastFailureAt),
			blockedUntil: new Date(next.blockedUntil)
		};
		db.insert(loginThrottle)
			.values(row)
			.onConflictDoUpdate({ target: loginThrottle.key, set: row })
			.run();
	}
}

export function clear(db: DbOrTx, key: string): void {
	db.delete(loginThrottle).where(eq(loginThrottle.key, key)).run();
}

/** Drop rows nobody needs any more (older than the longest forget window). */
export function prune(db: DbOrTx, now: number): void {
	const horizon = now - Math.max(accountRule.forgetAfterMs, addressRule.forgetAfterMs);
	db.delete(loginThrottle)
		.where(lt(loginThrottle.lastFailureAt, new Date(horizon)))
		.run();
}

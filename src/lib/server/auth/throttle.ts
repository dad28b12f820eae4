import { eq, inArray, lt } from 'drizzle-orm';
import { forUpdate, transaction, type DbOrTx } from '../db';
import { loginThrottle } from '../db/schema';
import { derivedSecret } from '../secrets';
import { UNKNOWN_ADDRESS } from './address';

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

/**
 * Many people can share one address, so it gets more room than a single account, and its pause
 * holds back only those who have failed from there themselves (see `judge`).
 */
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
/** Whether an address is one limits can be keyed to (see address.ts). */
export const isKnownAddress = (address: string | undefined): address is string =>
	!!address && address !== UNKNOWN_ADDRESS;
/**
 * A signed-in person confirming their password (to change it, or to delete things): counted
 * for them alone, so that failed log-ins by others with their email never block it.
 */
export const recheckKey = (userId: string) => `recheck:${userId}`;
/** Wrong codes from an authenticator app (or recovery codes) at log-in, per account. */
export const codeKey = (userId: string) => `code:account:${userId}`;

export type Keyed = { key: string; rule: ThrottleRule };

async function load(db: DbOrTx, keys: Keyed[]) {
	const rows = await db
		.select()
		.from(loginThrottle)
		.where(
			inArray(
				loginThrottle.key,
				keys.map((k) => k.key)
			)
		);
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
export async function wait(db: DbOrTx, keys: Keyed[], now: number): Promise<number> {
	const states = await load(db, keys);
	return Math.max(0, ...keys.map((k) => waitMs(states.get(k.key), k.rule, now)));
}

/**
 * An attempt to be judged: the keys of whoever is acting (the account from this address, the
 * email, the person), the first naming them at this address, and the key of the address they
 * act from, shared with everyone there.
 */
export interface Attempt {
	own: Keyed[];
	shared?: Keyed;
}

export interface Verdict {
	/** Milliseconds before this attempt may be made (0 = now). */
	wait: number;
	/** Whose limit the wait comes from. */
	by: 'own' | 'shared' | null;
	/** Milliseconds to hold the attempt before going ahead (only while `wait` is 0). */
	hold: number;
}

/** The longest a person acting for the first time from a paused address is held. */
export const HOLD_MAX_MS = 2_000;

/**
 * One address is often many people (a proxy, a phone carrier's or an office's shared address),
 * so a limit keyed to it must never shut out someone who has done nothing wrong. It is decided
 * in this order:
 *
 * 1. The acting identity's own limits. If any is paused, that is the answer.
 * 2. The address's limit. While it is paused, it applies in full to an identity that has itself
 *    failed from here within the address's memory (it tried and failed: it is one of the
 *    attempts the pause is about); an identity with no failures of its own goes ahead, held
 *    for a moment first (up to HOLD_MAX_MS), so the address is slowed but nobody is refused.
 *
 * What an attacker at one address gets: each identity (an email, an account) has one failure
 * before the address's pause applies to it, so trying many passwords on each of many emails
 * is paused as before; and every new identity costs a held request, which paces each
 * connection to one new identity every couple of seconds. What a person behind that address
 * gets: their first attempt goes through, at most a couple of seconds late.
 */
export async function judge(db: DbOrTx, attempt: Attempt, now: number): Promise<Verdict> {
	const states = await load(db, keysOf(attempt));
	const own = Math.max(0, ...attempt.own.map((k) => waitMs(states.get(k.key), k.rule, now)));
	if (own > 0) return { wait: own, by: 'own', hold: 0 };
	const shared = attempt.shared;
	const sharedWait = shared ? waitMs(states.get(shared.key), shared.rule, now) : 0;
	if (sharedWait === 0) return { wait: 0, by: null, hold: 0 };
	const first = attempt.own[0];
	const lastHere = first ? states.get(first.key)?.lastFailureAt : undefined;
	const failedHere = lastHere !== undefined && now - lastHere < shared!.rule.forgetAfterMs;
	return failedHere
		? { wait: sharedWait, by: 'shared', hold: 0 }
		: { wait: 0, by: null, hold: Math.min(sharedWait, HOLD_MAX_MS) };
}

/** Every key an attempt counts against. */
export const keysOf = (attempt: Attempt): Keyed[] =>
	attempt.shared ? [...attempt.own, attempt.shared] : attempt.own;

/** Waits out a verdict's hold. */
export function holdFor(verdict: Verdict): Promise<void> {
	if (verdict.hold <= 0) return Promise.resolve();
	return new Promise((done) => setTimeout(done, verdict.hold));
}

/**
 * Inside a transaction with `locking: true`: locks the keys' rows until it ends, in key order,
 * each made first if missing (with no failures, long forgotten: `current` reads it as none, and
 * `prune` drops it if nothing counts on it). Anyone else counting against one of the keys
 * waits, and then reads what this transaction left.
 */
export async function lock(tx: DbOrTx, keys: Keyed[]): Promise<void> {
	const names = [...new Set(keys.map((k) => k.key))].sort();
	if (names.length === 0) return;
	await tx
		.insert(loginThrottle)
		.values(
			names.map((key) => ({
				key,
				failures: 0,
				lastFailureAt: new Date(0),
				blockedUntil: new Date(0)
			}))
		)
		.onConflictDoNothing();
	for (const key of names)
		await forUpdate(tx, tx.select().from(loginThrottle).where(eq(loginThrottle.key, key)));
}

/**
 * Counts a failure against every key, in a transaction that locks the keys' rows first: many
 * failures at once (from one address, against one account) each count, none is lost.
 */
export async function recordFailure(db: DbOrTx, keys: Keyed[], now: number): Promise<void> {
	if (keys.length === 0) return;
	await transaction(
		db,
		async (tx) => {
			await lock(tx, keys);
			await countFailure(tx, keys, now);
		},
		{ locking: true }
	);
}

/** Inside a transaction that has locked the keys: one more failure against each. */
async function countFailure(tx: DbOrTx, keys: Keyed[], now: number): Promise<void> {
	const states = await load(tx, keys);
	for (const k of keys) {
		const next = afterFailure(states.get(k.key), k.rule, now);
		const row = {
			key: k.key,
			failures: next.failures,
			lastFailureAt: new Date(next.lastFailureAt),
			blockedUntil: new Date(next.blockedUntil)
		};
		// An upsert: a long-forgotten row may have been pruned since it was locked.
		await tx
			.insert(loginThrottle)
			.values(row)
			.onConflictDoUpdate({ target: loginThrottle.key, set: row });
	}
}

/** What `begin` counted, so that `forgive` can take it back. */
export interface Begun extends Verdict {
	/** When it was counted. */
	at: number;
	/** The own keys' states before it was counted (none for a key with nothing counted). */
	before: Map<string, ThrottleState | undefined>;
}

/**
 * Judges an attempt and, when it may go ahead, counts it at once against the acting identity's
 * own keys, as a failure until it proves to be none (`forgive`): attempts made side by side,
 * in one process or several, each see those begun before them, so none slips past the count
 * while a password is being checked. The address's key counts only failures (`recordFailure`).
 */
export async function begin(db: DbOrTx, attempt: Attempt, now: number): Promise<Begun> {
	return transaction(
		db,
		async (tx) => {
			await lock(tx, keysOf(attempt));
			const states = await load(tx, attempt.own);
			const verdict = await judge(tx, attempt, now);
			if (verdict.wait === 0) await countFailure(tx, attempt.own, now);
			const before = new Map(attempt.own.map((k) => [k.key, states.get(k.key)]));
			return { ...verdict, at: now, before };
		},
		{ locking: true }
	);
}

/**
 * Takes back what `begin` counted against these keys, for an attempt that proved right: a key
 * nobody has counted against since is as it was before (its pause and its age too); one counted
 * against since keeps those later counts, with one failure fewer.
 */
export async function forgive(db: DbOrTx, begun: Begun, keys: Keyed[]): Promise<void> {
	if (keys.length === 0 || begun.wait > 0) return;
	await transaction(
		db,
		async (tx) => {
			await lock(tx, keys);
			const states = await load(tx, keys);
			for (const k of keys) {
				const now = states.get(k.key);
				if (!now || now.failures === 0) continue;
				const before = begun.before.get(k.key);
				const untouched =
					now.lastFailureAt === begun.at &&
					now.failures === afterFailure(before, k.rule, begun.at).failures;
				// `begin` made each key's row before it counted, so what was there before is known.
				const back = (untouched && before) || { ...now, failures: now.failures - 1 };
				await tx
					.update(loginThrottle)
					.set({
						failures: back.failures,
						lastFailureAt: new Date(back.lastFailureAt),
						blockedUntil: new Date(back.blockedUntil)
					})
					.where(eq(loginThrottle.key, k.key));
			}
		},
		{ locking: true }
	);
}

export async function clear(db: DbOrTx, key: string): Promise<void> {
	await db.delete(loginThrottle).where(eq(loginThrottle.key, key));
}

/** Drop rows nobody needs any more (older than the longest forget window). */
export async function prune(db: DbOrTx, now: number): Promise<void> {
	const horizon = now - Math.max(accountRule.forgetAfterMs, addressRule.forgetAfterMs);
	await db.delete(loginThrottle).where(lt(loginThrottle.lastFailureAt, new Date(horizon)));
}

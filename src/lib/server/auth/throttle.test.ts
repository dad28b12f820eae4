import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { tempDatabase } from '../../../../tests/helpers/db';
import { openReady } from '../db/connection';
import { loginThrottle } from '../db/schema';
import {
	accountKey,
	accountRule,
	addressKey,
	addressRule,
	afterFailure,
	begin,
	clear,
	forgive,
	HOLD_MAX_MS,
	judge,
	keysOf,
	prune,
	recordFailure,
	wait,
	waitMs,
	type ThrottleState
} from './throttle';

const rule = { freeFailures: 3, baseDelayMs: 1000, maxDelayMs: 8000, forgetAfterMs: 60_000 };

function failTimes(n: number, now = 0): ThrottleState | undefined {
	let state: ThrottleState | undefined;
	for (let i = 0; i < n; i++) state = afterFailure(state, rule, now);
	return state;
}

describe('throttle rule', () => {
	it('lets the first failures through without waiting', () => {
		expect(waitMs(undefined, rule, 0)).toBe(0);
		expect(waitMs(failTimes(3), rule, 0)).toBe(0);
	});

	it('doubles the wait after the free failures, up to the cap', () => {
		expect(waitMs(failTimes(4), rule, 0)).toBe(1000);
		expect(waitMs(failTimes(5), rule, 0)).toBe(2000);
		expect(waitMs(failTimes(6), rule, 0)).toBe(4000);
		expect(waitMs(failTimes(7), rule, 0)).toBe(8000);
		expect(waitMs(failTimes(30), rule, 0)).toBe(8000);
	});

	it('counts down as time passes, so the owner is never locked out for good', () => {
		const state = failTimes(30, 0);
		expect(waitMs(state, rule, 5000)).toBe(3000);
		expect(waitMs(state, rule, 8000)).toBe(0);
	});

	it('forgets failures after a quiet period', () => {
		const state = failTimes(10, 0);
		const later = afterFailure(state, rule, 60_000);
		expect(later.failures).toBe(1);
		expect(waitMs(later, rule, 60_000)).toBe(0);
	});

	it('gives a shared address more room than one account', () => {
		expect(addressRule.freeFailures).toBeGreaterThan(accountRule.freeFailures);
		expect(accountRule.maxDelayMs).toBeLessThanOrEqual(15 * 60_000);
	});
});

describe('throttle store', () => {
	let conn: Awaited<ReturnType<typeof tempDatabase>>;
	beforeEach(async () => {
		conn = await tempDatabase();
	});
	afterEach(() => conn.cleanup());

	const keys = () => [
		{ key: accountKey('a@example.com'), rule },
		{ key: addressKey('127.0.0.9'), rule: { ...rule, freeFailures: 100 } }
	];

	it('records failures per key and reports the longest wait', async () => {
		for (let i = 0; i < 4; i++) await recordFailure(conn.db, keys(), 1000);
		expect(await wait(conn.db, keys(), 1000)).toBe(1000);
		expect(await wait(conn.db, [keys()[1]!], 1000)).toBe(0);
	});

	it('clears an account after a successful log-in, keeping the address record', async () => {
		for (let i = 0; i < 4; i++) await recordFailure(conn.db, keys(), 1000);
		await clear(conn.db, accountKey('a@example.com'));
		expect(await wait(conn.db, keys(), 1000)).toBe(0);
		const left = await conn.db
			.select({ key: loginThrottle.key, failures: loginThrottle.failures })
			.from(loginThrottle);
		expect(left).toEqual([{ key: addressKey('127.0.0.9'), failures: 4 }]);
	});

	it('counts attempts begun side by side, by two processes, each in turn, and takes back a right one', async () => {
		// On SQLite, made for one process, the one connection takes both parts.
		const other = conn.engine === 'postgres' ? await openReady(conn.path) : null;
		try {
			const attempt = { own: [{ key: accountKey('b@example.com'), rule }] };
			const verdicts = await Promise.all(
				Array.from({ length: 10 }, (_, i) =>
					begin(i % 2 ? (other?.db ?? conn.db) : conn.db, attempt, 1000)
				)
			);
			// Three free, and the fourth (after which the wait begins); the rest are paused.
			const through = verdicts.filter((v) => v.wait === 0);
			expect(through).toHaveLength(4);
			// The first proves right: it is taken back, and what came after it still counts.
			await forgive(conn.db, through[0]!, attempt.own);
			const [row] = await conn.db.select({ failures: loginThrottle.failures }).from(loginThrottle);
			expect(row?.failures).toBe(3);
		} finally {
			await other?.close();
		}
	});

	it('leaves a right attempt no trace: the count, its pause and its age as they were', async () => {
		const attempt = { own: [{ key: accountKey('c@example.com'), rule }] };
		for (let i = 0; i < 3; i++) await recordFailure(conn.db, attempt.own, 1000);
		const begun = await begin(conn.db, attempt, 5000);
		expect(begun.wait).toBe(0);
		// Counted as the fourth failure until it proves right: the next would wait.
		expect(await wait(conn.db, attempt.own, 5000)).toBe(1000);
		await forgive(conn.db, begun, attempt.own);
		expect(await wait(conn.db, attempt.own, 5000)).toBe(0);
		const [row] = await conn.db.select().from(loginThrottle);
		expect(row).toMatchObject({ failures: 3, lastFailureAt: new Date(1000) });
		// A key with nothing counted before counts nothing again.
		const fresh = { own: [{ key: accountKey('d@example.com'), rule }] };
		await forgive(conn.db, await begin(conn.db, fresh, 5000), fresh.own);
		const [again] = await conn.db
			.select({ failures: loginThrottle.failures })
			.from(loginThrottle)
			.where(eq(loginThrottle.key, accountKey('d@example.com')));
		expect(again?.failures ?? 0).toBe(0);
	});

	it('prunes rows older than every forget window', async () => {
		await recordFailure(conn.db, keys(), 0);
		await prune(conn.db, 2 * 24 * 60 * 60_000);
		expect(await conn.db.select().from(loginThrottle)).toEqual([]);
	});
});

describe('a limit shared by everyone at one address', () => {
	let conn: Awaited<ReturnType<typeof tempDatabase>>;
	beforeEach(async () => {
		conn = await tempDatabase();
	});
	afterEach(() => conn.cleanup());

	const shared = { key: addressKey('203.0.113.7'), rule: { ...rule, freeFailures: 5 } };
	const attemptBy = (who: string) => ({ own: [{ key: `account:${who}`, rule }], shared });
	/** Seven identities fail once each: the address is paused, none of them is. */
	async function pauseAddress(now: number) {
		for (let i = 0; i < 7; i++) await recordFailure(conn.db, keysOf(attemptBy(`random-${i}`)), now);
		expect(await wait(conn.db, [shared], now)).toBeGreaterThan(0);
	}

	it('never refuses someone with no failures of their own: it holds them a moment', async () => {
		await pauseAddress(1000);
		const verdict = await judge(conn.db, attemptBy('newcomer'), 1000);
		expect(verdict.wait).toBe(0);
		expect(verdict.hold).toBeGreaterThan(0);
		expect(verdict.hold).toBeLessThanOrEqual(HOLD_MAX_MS);
	});

	it('pauses, from their next try, anyone who has failed from there', async () => {
		await pauseAddress(1000);
		expect(await judge(conn.db, attemptBy('random-3'), 1000)).toMatchObject({ by: 'shared' });
		expect((await judge(conn.db, attemptBy('random-3'), 1000)).wait).toBeGreaterThan(0);
	});

	it('asks about the identity first: its own pause is reported as its own', async () => {
		for (let i = 0; i < 4; i++) await recordFailure(conn.db, keysOf(attemptBy('hammered')), 1000);
		expect(await judge(conn.db, attemptBy('hammered'), 1000)).toMatchObject({
			by: 'own',
			wait: 1000
		});
	});

	it('lets everyone through at once when the address is not paused', async () => {
		await recordFailure(conn.db, keysOf(attemptBy('once')), 1000);
		expect(await judge(conn.db, attemptBy('once'), 1000)).toEqual({ wait: 0, by: null, hold: 0 });
	});

	it('no longer counts an identity’s failure the address has forgotten', async () => {
		await recordFailure(conn.db, keysOf(attemptBy('long-ago')), 0);
		await pauseAddress(shared.rule.forgetAfterMs + 1000);
		const later = await judge(conn.db, attemptBy('long-ago'), shared.rule.forgetAfterMs + 1000);
		expect(later.wait).toBe(0);
	});
});

describe('keys that name an account', () => {
	const KEY = Symbol.for('trellis.server-key');
	const holder = globalThis as { [KEY]?: Uint8Array };
	afterEach(() => {
		delete holder[KEY];
	});

	it('hold a hash keyed with the server’s own key: no address, and no plain hash of one', () => {
		holder[KEY] = new TextEncoder().encode('a'.repeat(32));
		const key = accountKey('ana@example.com');
		expect(key).toMatch(/^account:[a-z2-7]{32}$/);
		expect(key).not.toContain('ana');
		const plain = encodeHexLowerCase(sha256(new TextEncoder().encode('ana@example.com')));
		expect(key).not.toContain(plain.slice(0, 32));
		expect(accountKey('ana@example.com')).toBe(key);
		// Another server's key names the same address differently.
		holder[KEY] = new TextEncoder().encode('b'.repeat(32));
		expect(accountKey('ana@example.com')).not.toBe(key);
	});
});

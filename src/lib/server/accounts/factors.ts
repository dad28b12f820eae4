import { and, eq, isNotNull, isNull, lt, or } from 'drizzle-orm';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { transaction, type Db, type DbOrTx } from '../db';
import { recoveryCodes, twoStep } from '../db/schema';
import { recoveryCodes as codes, throttle, totp, unseal } from '../auth';
import { AppError } from '../errors';
import { log } from '../log';
import type { SecondFactor } from './two-step-schemas';
import { aboutHowLong } from './waits';

/** The authenticator key of an account, in force (`on`) or waiting to be confirmed (`setup`). */
export async function keyOf(db: DbOrTx, userId: string, which: 'on' | 'setup') {
	const [row] = await db
		.select()
		.from(twoStep)
		.where(
			and(
				eq(twoStep.userId, userId),
				which === 'on' ? isNotNull(twoStep.enabledAt) : isNull(twoStep.enabledAt)
			)
		)
		.limit(1);
	if (!row) return null;
	const key = unseal(row.sealedKey, userId);
	// Only if the server's key changed (APP_SECRET, server.key): recovery codes still work.
	if (!key) log.error('two_step_key_unreadable', { userId });
	return key ? { key, lastUsedStep: row.lastUsedStep, sealedKey: row.sealedKey } : null;
}

/**
 * Takes a code from the app for the step it belongs to. The update only lands while no later
 * step has been taken, so the same code sent twice at once is accepted once.
 */
async function takeStep(db: DbOrTx, userId: string, step: number): Promise<boolean> {
	const unused = or(isNull(twoStep.lastUsedStep), lt(twoStep.lastUsedStep, step));
	const taken = await db
		.update(twoStep)
		.set({ lastUsedStep: step })
		.where(and(eq(twoStep.userId, userId), unused))
		.returning({ userId: twoStep.userId });
	return taken.length > 0;
}

async function useOtp(db: DbOrTx, userId: string, otp: string, now: number): Promise<boolean> {
	const found = await keyOf(db, userId, 'on');
	if (!found) return false;
	const step = totp.matchingStep(found.key, otp, now, found.lastUsedStep);
	return step !== null && (await takeStep(db, userId, step));
}

/** Every unused code is compared (in constant time each), so the time says nothing of which. */
async function useRecoveryCode(
	db: DbOrTx,
	userId: string,
	typed: string,
	now: number
): Promise<boolean> {
	const hash = codes.hashRecoveryCode(typed);
	const unused = await db
		.select({ id: recoveryCodes.id, codeHash: recoveryCodes.codeHash })
		.from(recoveryCodes)
		.where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
	let match: string | null = null;
	for (const row of unused) if (constantTimeEqual(row.codeHash, hash)) match = row.id;
	if (!match) return false;
	const used = await db
		.update(recoveryCodes)
		.set({ usedAt: new Date(now) })
		.where(and(eq(recoveryCodes.id, match), isNull(recoveryCodes.usedAt)))
		.returning({ id: recoveryCodes.id });
	return used.length > 0;
}

/** Uses a second factor up if it is right for this account: a code is never taken twice. */
export function useFactor(
	db: DbOrTx,
	userId: string,
	factor: SecondFactor,
	now: number
): Promise<boolean> {
	return 'otp' in factor
		? useOtp(db, userId, factor.otp, now)
		: useRecoveryCode(db, userId, factor.recoveryCode, now);
}

/** Refuses the attempt while any of its keys is paused. */
export async function refuseWhilePaused(
	db: DbOrTx,
	keys: throttle.Keyed[],
	now: number
): Promise<void> {
	const wait = await throttle.wait(db, keys, now);
	if (wait > 0)
		throw new AppError(
			'rate_limited',
			`There have been several wrong codes, so this is paused for about ${aboutHowLong(wait)}. Please try again then.`
		);
}

/** What a wrong code is told, at the field it was typed in. */
export function wrongCode(factor: SecondFactor, field: string): AppError {
	const message =
		'otp' in factor
			? 'That code is not right. Please check your authenticator app and try again.'
			: 'That recovery code is not right, or it has been used already.';
	return new AppError('invalid', message, field);
}

/**
 * For a signed-in person (turning two-step off, new recovery codes): uses the code up and runs
 * `then` in one transaction. Wrong codes count with wrong passwords, for that person alone: the
 * transaction locks that count first, so codes sent at once are judged one after another, and a
 * wrong one is counted in it (nothing is refused then, so nothing rolls the count back).
 */
export async function withOwnFactor<T>(
	db: Db,
	userId: string,
	factor: SecondFactor,
	field: string,
	now: number,
	then: (tx: DbOrTx) => Promise<T>
): Promise<T> {
	const keys = [{ key: throttle.recheckKey(userId), rule: throttle.accountRule }];
	const done = await transaction(
		db,
		async (tx) => {
			await throttle.lock(tx, keys);
			await refuseWhilePaused(tx, keys, now);
			if (await useFactor(tx, userId, factor, now)) return { value: await then(tx) };
			await throttle.recordFailure(tx, keys, now);
			return null;
		},
		{ locking: true }
	);
	if (done) return done.value;
	throw wrongCode(factor, field);
}

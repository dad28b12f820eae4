import { and, eq, isNotNull, isNull, lt, or } from 'drizzle-orm';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import type { Db, DbOrTx } from '../db';
import { recoveryCodes, twoStep } from '../db/schema';
import { recoveryCodes as codes, throttle, totp, unseal } from '../auth';
import { AppError } from '../errors';
import { log } from '../log';
import type { SecondFactor } from './two-step-schemas';
import { aboutHowLong } from './waits';

/** The authenticator key of an account, in force (`on`) or waiting to be confirmed (`setup`). */
export function keyOf(db: DbOrTx, userId: string, which: 'on' | 'setup') {
	const row = db
		.select()
		.from(twoStep)
		.where(
			and(
				eq(twoStep.userId, userId),
				which === 'on' ? isNotNull(twoStep.enabledAt) : isNull(twoStep.enabledAt)
			)
		)
		.get();
	if (!row) return null;
	const key = unseal(row.sealedKey, userId);
	// Only if the server's key changed (APP_SECRET, server.key): recovery codes still work.
	if (!key) log.error('two_step_key_unreadable', { userId });
	return key ? { key, lastUsedStep: row.lastUsedStep } : null;
}

/**
 * Takes a code from the app for the step it belongs to. The update only lands while no later
 * step has been taken, so the same code sent twice at once is accepted once.
 */
function takeStep(db: DbOrTx, userId: string, step: number): boolean {
	const unused = or(isNull(twoStep.lastUsedStep), lt(twoStep.lastUsedStep, step));
	return (
		db
			.update(twoStep)
			.set({ lastUsedStep: step })
			.where(and(eq(twoStep.userId, userId), unused))
			.run().changes > 0
	);
}

function useOtp(db: DbOrTx, userId: string, otp: string, now: number): boolean {
	const found = keyOf(db, userId, 'on');
	if (!found) return false;
	const step = totp.matchingStep(found.key, otp, now, found.lastUsedStep);
	return step !== null && takeStep(db, userId, step);
}

/** Every unused code is compared (in constant time each), so the time says nothing of which. */
function useRecoveryCode(db: DbOrTx, userId: string, typed: string, now: number): boolean {
	const hash = codes.hashRecoveryCode(typed);
	const unused = db
		.select({ id: recoveryCodes.id, codeHash: recoveryCodes.codeHash })
		.from(recoveryCodes)
		.where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
		.all();
	let match: string | null = null;
	for (const row of unused) if (constantTimeEqual(row.codeHash, hash)) match = row.id;
	if (!match) return false;
	return (
		db
			.update(recoveryCodes)
			.set({ usedAt: new Date(now) })
			.where(and(eq(recoveryCodes.id, match), isNull(recoveryCodes.usedAt)))
			.run().changes > 0
	);
}

/** Uses a second factor up if it is right for this account: a code is never taken twice. */
export function useFactor(db: DbOrTx, userId: string, factor: SecondFactor, now: number) {
	return 'otp' in factor
		? useOtp(db, userId, factor.otp, now)
		: useRecoveryCode(db, userId, factor.recoveryCode, now);
}

/** Refuses the attempt while any of its keys is paused. */
export function refuseWhilePaused(db: DbOrTx, keys: throttle.Keyed[], now: number): void {
	const wait = throttle.wait(db, keys, now);
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
 * `then` in one transaction. Wrong codes count with wrong passwords, for that person alone, and
 * are counted outside the transaction, which a refusal rolls back.
 */
export function withOwnFactor<T>(
	db: Db,
	userId: string,
	factor: SecondFactor,
	field: string,
	now: number,
	then: (tx: DbOrTx) => T
): T {
	const keys = [{ key: throttle.recheckKey(userId), rule: throttle.accountRule }];
	refuseWhilePaused(db, keys, now);
	const done = db.transaction((tx) =>
		useFactor(tx, userId, factor, now) ? { value: then(tx) } : null
	);
	if (done) return done.value;
	throttle.recordFailure(db, keys, now);
	throw wrongCode(factor, field);
}

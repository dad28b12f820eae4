import { and, count, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db';
import { recoveryCodes, twoStep } from '../db/schema';
import { recoveryCodes as codes, seal, throttle, totp } from '../auth';
import { randomString } from '../auth/tokens';
import { AppError } from '../errors';
import { log } from '../log';
import { keyOf, refuseWhilePaused, withOwnFactor, wrongCode } from './factors';
import { recheckPassword } from './recheck';
import type { SecondFactor } from './two-step-schemas';

const WRONG_PASSWORD = {
	message: 'That password is not right. Please try again.',
	field: 'password'
};

export function twoStepIsOn(db: DbOrTx, userId: string): boolean {
	return !!db
		.select({ userId: twoStep.userId })
		.from(twoStep)
		.where(and(eq(twoStep.userId, userId), isNotNull(twoStep.enabledAt)))
		.get();
}

function recoveryCodesLeft(db: DbOrTx, userId: string): number {
	const row = db
		.select({ n: count() })
		.from(recoveryCodes)
		.where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
		.get();
	return row?.n ?? 0;
}

/**
 * What the account page shows: on (with the recovery codes left), being set up (with the key to
 * type into the app, for its owner only), or off.
 */
export function twoStepState(db: DbOrTx, user: { id: string; email: string }) {
	if (twoStepIsOn(db, user.id))
		return { on: true, setup: null, recoveryCodesLeft: recoveryCodesLeft(db, user.id) } as const;
	const pending = keyOf(db, user.id, 'setup');
	const setup = pending
		? { keyText: totp.keyText(pending.key), keyUri: totp.keyUri(user.email, pending.key) }
		: null;
	return { on: false, setup, recoveryCodesLeft: 0 } as const;
}

/** A new key waits for its first code; one waiting before is replaced. */
export async function startTwoStep(db: Db, userId: string, password: string, now = Date.now()) {
	await recheckPassword(db, userId, password, WRONG_PASSWORD, now);
	db.transaction((tx) => {
		if (twoStepIsOn(tx, userId))
			throw new AppError('conflict', 'Two-step verification is already on.');
		tx.delete(twoStep).where(eq(twoStep.userId, userId)).run();
		tx.insert(twoStep)
			.values({ userId, sealedKey: seal(totp.newKey(), userId), createdAt: new Date(now) })
			.run();
	});
	log.info('two_step_setup_started', { userId });
}

export function cancelTwoStepSetup(db: Db, userId: string): void {
	db.delete(twoStep)
		.where(and(eq(twoStep.userId, userId), isNull(twoStep.enabledAt)))
		.run();
}

/** Replaces every recovery code with ten new ones; returns them, the only time they exist. */
function issueRecoveryCodes(tx: DbOrTx, userId: string): string[] {
	const fresh = codes.newRecoveryCodes();
	tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
	tx.insert(recoveryCodes)
		.values(
			fresh.map((code) => ({
				id: randomString(),
				userId,
				codeHash: Buffer.from(codes.hashRecoveryCode(code))
			}))
		)
		.run();
	return fresh;
}

/**
 * Turns two-step on once a code from the key being set up is right, so nobody is locked out by
 * a key their app never took in. The code's step counts as used. Returns the recovery codes.
 */
export function confirmTwoStep(db: Db, userId: string, otp: string, now = Date.now()): string[] {
	const keys = [{ key: throttle.recheckKey(userId), rule: throttle.accountRule }];
	refuseWhilePaused(db, keys, now);
	const pending = keyOf(db, userId, 'setup');
	if (!pending)
		throw new AppError('conflict', 'Please choose Turn on again: that setup is no longer open.');
	const step = totp.matchingStep(pending.key, otp, now, null);
	if (step === null) {
		throttle.recordFailure(db, keys, now);
		throw wrongCode({ otp }, 'otp');
	}
	const issued = db.transaction((tx) => {
		const enabled = tx
			.update(twoStep)
			.set({ enabledAt: new Date(now), lastUsedStep: step })
			.where(and(eq(twoStep.userId, userId), isNull(twoStep.enabledAt)))
			.run();
		if (enabled.changes === 0)
			throw new AppError('conflict', 'Two-step verification is already on.');
		return issueRecoveryCodes(tx, userId);
	});
	log.info('two_step_on', { userId });
	return issued;
}

/** Turning it off takes the password and a code: either alone is not enough. */
export async function turnOffTwoStep(
	db: Db,
	userId: string,
	input: { password: string; otpOrRecovery: SecondFactor },
	now = Date.now()
): Promise<void> {
	await recheckPassword(db, userId, input.password, WRONG_PASSWORD, now);
	if (!twoStepIsOn(db, userId)) throw new AppError('conflict', 'Two-step verification is off.');
	withOwnFactor(db, userId, input.otpOrRecovery, 'otpOrRecovery', now, (tx) => {
		tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
		tx.delete(twoStep).where(eq(twoStep.userId, userId)).run();
	});
	log.info('two_step_off', { userId });
}

/** New recovery codes (the old ones stop working), for a code from the app or a recovery code. */
export function renewRecoveryCodes(
	db: Db,
	userId: string,
	factor: SecondFactor,
	now = Date.now()
): string[] {
	if (!twoStepIsOn(db, userId)) throw new AppError('conflict', 'Two-step verification is off.');
	const issued = withOwnFactor(db, userId, factor, 'otpOrRecovery', now, (tx) =>
		issueRecoveryCodes(tx, userId)
	);
	log.info('recovery_codes_renewed', { userId });
	return issued;
}

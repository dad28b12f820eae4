import { and, count, eq, isNotNull, isNull } from 'drizzle-orm';
import { transaction, type Db, type DbOrTx } from '../db';
import { recoveryCodes, twoStep } from '../db/schema';
import { recoveryCodes as codes, seal, throttle, totp } from '../auth';
import { randomString } from '../auth/tokens';
import { AppError } from '../errors';
import { log } from '../log';
import { keyOf, refuseWhilePaused, withOwnFactor, wrongCode } from './factors';
import { recheckPassword } from './recheck';
import type { SecondFactor } from './two-step-schemas';

const SETUP_GONE = 'Please choose Turn on again: that setup is no longer open.';
/** Said to a confirmation that comes again once it is on (sent twice, say): the codes were shown once. */
const ALREADY_ON =
	'Two-step verification is on. If you did not keep your recovery codes, make new ones on your account page.';

const WRONG_PASSWORD = {
	message: 'That password is not right. Please try again.',
	field: 'password'
};

export async function twoStepIsOn(db: DbOrTx, userId: string): Promise<boolean> {
	const [row] = await db
		.select({ userId: twoStep.userId })
		.from(twoStep)
		.where(and(eq(twoStep.userId, userId), isNotNull(twoStep.enabledAt)))
		.limit(1);
	return !!row;
}

async function recoveryCodesLeft(db: DbOrTx, userId: string): Promise<number> {
	const [row] = await db
		.select({ n: count() })
		.from(recoveryCodes)
		.where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
	return row?.n ?? 0;
}

/**
 * What the account page shows: on (with the recovery codes left), being set up (with the key to
 * type into the app, for its owner only), or off.
 */
export async function twoStepState(db: DbOrTx, user: { id: string; email: string }) {
	if (await twoStepIsOn(db, user.id))
		return {
			on: true,
			setup: null,
			recoveryCodesLeft: await recoveryCodesLeft(db, user.id)
		} as const;
	const pending = await keyOf(db, user.id, 'setup');
	const setup = pending
		? { keyText: totp.keyText(pending.key), keyUri: totp.keyUri(user.email, pending.key) }
		: null;
	return { on: false, setup, recoveryCodesLeft: 0 } as const;
}

/** A new key waits for its first code; one waiting before is replaced. */
export async function startTwoStep(db: Db, userId: string, password: string, now = Date.now()) {
	await recheckPassword(db, userId, password, WRONG_PASSWORD, now);
	await transaction(db, async (tx) => {
		if (await twoStepIsOn(tx, userId))
			throw new AppError('conflict', 'Two-step verification is already on.');
		await tx.delete(twoStep).where(eq(twoStep.userId, userId));
		await tx
			.insert(twoStep)
			.values({ userId, sealedKey: seal(totp.newKey(), userId), createdAt: new Date(now) });
	});
	log.info('two_step_setup_started', { userId });
}

export async function cancelTwoStepSetup(db: Db, userId: string): Promise<void> {
	await db.delete(twoStep).where(and(eq(twoStep.userId, userId), isNull(twoStep.enabledAt)));
}

/** Replaces every recovery code with ten new ones; returns them, the only time they exist. */
async function issueRecoveryCodes(tx: DbOrTx, userId: string): Promise<string[]> {
	const fresh = codes.newRecoveryCodes();
	await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
	await tx.insert(recoveryCodes).values(
		fresh.map((code) => ({
			id: randomString(),
			userId,
			codeHash: Buffer.from(codes.hashRecoveryCode(code))
		}))
	);
	return fresh;
}

/**
 * Turns two-step on once a code from the key being set up is right, so nobody is locked out by
 * a key their app never took in. The code's step counts as used. Returns the recovery codes.
 * The key turned on is the one the code was checked against (a setup started again meanwhile is
 * not), and wrong codes are counted under a lock, as at log-in.
 */
export async function confirmTwoStep(
	db: Db,
	userId: string,
	otp: string,
	now = Date.now()
): Promise<string[]> {
	const keys = [{ key: throttle.recheckKey(userId), rule: throttle.accountRule }];
	const issued = await transaction(
		db,
		async (tx) => {
			await throttle.lock(tx, keys);
			await refuseWhilePaused(tx, keys, now);
			const pending = await keyOf(tx, userId, 'setup');
			if (!pending)
				throw new AppError('conflict', (await twoStepIsOn(tx, userId)) ? ALREADY_ON : SETUP_GONE);
			const step = totp.matchingStep(pending.key, otp, now, null);
			if (step === null) {
				await throttle.recordFailure(tx, keys, now);
				return null;
			}
			const enabled = await tx
				.update(twoStep)
				.set({ enabledAt: new Date(now), lastUsedStep: step })
				.where(
					and(
						eq(twoStep.userId, userId),
						isNull(twoStep.enabledAt),
						eq(twoStep.sealedKey, pending.sealedKey)
					)
				)
				.returning({ userId: twoStep.userId });
			if (enabled.length === 0)
				throw new AppError('conflict', (await twoStepIsOn(tx, userId)) ? ALREADY_ON : SETUP_GONE);
			return issueRecoveryCodes(tx, userId);
		},
		{ locking: true }
	);
	if (!issued) throw wrongCode({ otp }, 'otp');
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
	if (!(await twoStepIsOn(db, userId)))
		throw new AppError('conflict', 'Two-step verification is off.');
	await withOwnFactor(db, userId, input.otpOrRecovery, 'otpOrRecovery', now, async (tx) => {
		await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
		await tx.delete(twoStep).where(eq(twoStep.userId, userId));
	});
	log.info('two_step_off', { userId });
}

/** New recovery codes (the old ones stop working), for a code from the app or a recovery code. */
export async function renewRecoveryCodes(
	db: Db,
	userId: string,
	factor: SecondFactor,
	now = Date.now()
): Promise<string[]> {
	if (!(await twoStepIsOn(db, userId)))
		throw new AppError('conflict', 'Two-step verification is off.');
	const issued = await withOwnFactor(db, userId, factor, 'otpOrRecovery', now, (tx) =>
		issueRecoveryCodes(tx, userId)
	);
	log.info('recovery_codes_renewed', { userId });
	return issued;
}

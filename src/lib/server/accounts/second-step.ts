import { transaction, type Db, type DbOrTx } from '../db';
import { devices, pendingLogins, sessions, throttle } from '../auth';
import { AppError } from '../errors';
import { log } from '../log';
import { refuseWhilePaused, useFactor, wrongCode } from './factors';
import type { SecondFactor } from './two-step-schemas';
import type { Client } from './index';

/** Said when the pending log-in is gone: expired, used, or never there. */
export const LOG_IN_AGAIN = 'Please log in again: the step for your code lasts five minutes.';

/**
 * A log-in is finished: a session, and this browser known as one the person logs in from.
 * Only database work, so it can run inside a transaction; the caller logs the log-in.
 */
export async function openSession(
	db: DbOrTx,
	userId: string,
	client: Client,
	fromKnownDevice: boolean,
	now: number
) {
	const knownDevice = fromKnownDevice
		? client.knownDevice!
		: await devices.remember(db, userId, now);
	if (fromKnownDevice) await devices.touch(db, knownDevice, now);
	return { ...(await sessions.create(db, userId, client.device, now)), knownDevice };
}

/** Whether a pending log-in cookie still leads somewhere (for the page that asks for the code). */
export async function pendingLogInWorks(
	db: Db,
	token: string | undefined,
	now = Date.now()
): Promise<boolean> {
	return (await pendingLogins.find(db, token, now)) !== null;
}

/**
 * Wrong codes count per account, as wrong passwords do; from a browser the person has logged
 * in from before, only that browser's own, so that someone who has the password cannot keep the
 * person out of their own browser by typing wrong codes elsewhere.
 */
function codeKeys(userId: string, knownDevice: string | undefined): throttle.Keyed[] {
	const key = knownDevice ? `code:${devices.throttleKey(knownDevice)}` : throttle.codeKey(userId);
	return [{ key, rule: throttle.accountRule }];
}

/**
 * The second step of logging in: the code from the app (or a recovery code) for the account the
 * pending log-in belongs to. The code, the pending log-in and the new session are used and made
 * in one transaction, so a pending log-in or a code works once; it locks the count of wrong codes
 * first, so codes sent at once are judged one after another and every wrong one counts.
 */
export async function finishLogIn(
	db: Db,
	token: string | undefined,
	factor: SecondFactor,
	client: Client,
	now = Date.now()
) {
	const pending = await pendingLogins.find(db, token, now);
	if (!pending) throw new AppError('not_found', LOG_IN_AGAIN);
	const fromKnownDevice =
		!!client.knownDevice && (await devices.ownerOf(db, client.knownDevice, now)) === pending.userId;
	const keys = codeKeys(pending.userId, fromKnownDevice ? client.knownDevice : undefined);
	const opened = await transaction(
		db,
		async (tx) => {
			await throttle.lock(tx, keys);
			await refuseWhilePaused(tx, keys, now);
			if (!(await useFactor(tx, pending.userId, factor, now))) {
				await throttle.recordFailure(tx, keys, now);
				return null;
			}
			if (!(await pendingLogins.consume(tx, pending.id)))
				throw new AppError('not_found', LOG_IN_AGAIN);
			await throttle.clear(tx, keys[0]!.key);
			return openSession(tx, pending.userId, client, fromKnownDevice, now);
		},
		{ locking: true }
	);
	if (opened) {
		log.info('login', { userId: pending.userId });
		return opened;
	}
	log.info('login_code_failed', { address: client.address });
	throw wrongCode(factor, 'otp' in factor ? 'otp' : 'recoveryCode');
}

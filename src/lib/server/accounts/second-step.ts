import type { Db, DbOrTx } from '../db';
import { devices, pendingLogins, sessions, throttle } from '../auth';
import { AppError } from '../errors';
import { log } from '../log';
import { refuseWhilePaused, useFactor, wrongCode } from './factors';
import type { SecondFactor } from './two-step-schemas';
import type { Client } from './index';

/** Said when the pending log-in is gone: expired, used, or never there. */
export const LOG_IN_AGAIN = 'Please log in again: the step for your code lasts five minutes.';

/** A log-in is finished: a session, and this browser known as one the person logs in from. */
export function openSession(
	db: DbOrTx,
	userId: string,
	client: Client,
	fromKnownDevice: boolean,
	now: number
) {
	log.info('login', { userId });
	const knownDevice = fromKnownDevice ? client.knownDevice! : devices.remember(db, userId, now);
	if (fromKnownDevice) devices.touch(db, knownDevice, now);
	return { ...sessions.create(db, userId, client.device, now), knownDevice };
}

/** Whether a pending log-in cookie still leads somewhere (for the page that asks for the code). */
export function pendingLogInWorks(db: Db, token: string | undefined, now = Date.now()): boolean {
	return pendingLogins.find(db, token, now) !== null;
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
 * in one transaction, so a pending log-in or a code works once.
 */
export function finishLogIn(
	db: Db,
	token: string | undefined,
	factor: SecondFactor,
	client: Client,
	now = Date.now()
) {
	const pending = pendingLogins.find(db, token, now);
	if (!pending) throw new AppError('not_found', LOG_IN_AGAIN);
	const fromKnownDevice =
		!!client.knownDevice && devices.ownerOf(db, client.knownDevice, now) === pending.userId;
	const keys = codeKeys(pending.userId, fromKnownDevice ? client.knownDevice : undefined);
	refuseWhilePaused(db, keys, now);
	const opened = db.transaction((tx) => {
		if (!useFactor(tx, pending.userId, factor, now)) return null;
		if (!pendingLogins.consume(tx, pending.id)) throw new AppError('not_found', LOG_IN_AGAIN);
		throttle.clear(tx, keys[0]!.key);
		return openSession(tx, pending.userId, client, fromKnownDevice, now);
	});
	if (opened) return opened;
	throttle.recordFailure(db, keys, now);
	log.info('login_code_failed', { address: client.address });
	throw wrongCode(factor, 'otp' in factor ? 'otp' : 'recoveryCode');
}

import { eq } from 'drizzle-orm';
import { refusedBy, transaction, type Db, type DbOrTx } from '../db';
import { users } from '../db/schema';
import { devices, password, pendingLogins, sessions, throttle } from '../auth';
import { AppError } from '../errors';
import { log } from '../log';
import { randomString } from '../auth/tokens';
import { endSessions } from '../realtime/io';
import type { LogInInput, SignUpInput } from './schemas';
import { aboutHowLong } from './waits';

export { deleteAccount, leaveAndErase } from './deletion';
export { lockAfterInput, lockDevice, setLockAfter, unlockDevice, unlockInput } from './locking';
export { removeUnconfirmed, requestReset, resetLinkState, resetPassword } from './recovery';
export { queueVerification, resendVerification, verifyEmail } from './verification';
export { finishLogIn, LOG_IN_AGAIN, pendingLogInWorks } from './second-step';
export {
	cancelTwoStepSetup,
	confirmTwoStep,
	renewRecoveryCodes,
	startTwoStep,
	turnOffTwoStep,
	twoStepIsOn,
	twoStepState
} from './two-step';
export {
	confirmEmailChange,
	requestEmailChange,
	undoEmailChange,
	undoLinkWorks
} from './email-change';
import { queueVerification } from './verification';
import { recheckPassword } from './recheck';
import { openSession } from './second-step';
import { twoStepIsOn } from './two-step';
import * as mail from '../mail';

export * from './schemas';
export * from './two-step-schemas';

export interface Client {
	address: string;
	device: string;
	/** The token of a browser the person has logged in from before (its cookie), if any. */
	knownDevice?: string;
}

const MISMATCH = "That email and password don't match. Please check them and try again.";

function waitMessage(ms: number): string {
	return `There have been several unsuccessful attempts, so log-in is paused for this account for about ${aboutHowLong(ms)}. Please try again then.`;
}

/**
 * Starts an account. The answer is the same whether or not the email already has one, and takes
 * the same work (the password is hashed either way): a new address is mailed a link to finish,
 * an address that has an account is told someone tried, with ways to log in or reset. Nobody is
 * logged in here; the link, or logging in, comes next.
 */
export async function signUp(db: Db, input: SignUpInput, now = Date.now()): Promise<void> {
	const problem = await password.passwordProblem(input.password, input);
	if (problem) throw new AppError('invalid', problem, 'password');
	const passwordHash = await password.hashPassword(input.password);
	const id = randomString();
	try {
		const outcome = await transaction(db, async (tx) => {
			const [existing] = await tx
				.select({ id: users.id })
				.from(users)
				.where(eq(users.email, input.email))
				.limit(1);
			if (existing) {
				const told = await tellExisting(tx, existing.id, input.email, now);
				return { created: false, told: told ? existing.id : null };
			}
			await tx.insert(users).values({
				id,
				email: input.email,
				displayName: input.displayName,
				passwordHash,
				kind: input.kind,
				timeZone: input.timeZone ?? 'UTC',
				createdAt: new Date(now)
			});
			await queueVerification(tx, { id, email: input.email }, now);
			return { created: true, told: null };
		});
		if (outcome.created) log.info('account_created', { userId: id, kind: input.kind });
		if (outcome.told) log.info('signup_existing_account', { userId: outcome.told });
	} catch (error) {
		// Someone else took the address at the same moment: theirs it is, and the answer is the same.
		if (!refusedBy(error, 'unique')) throw error;
	}
}

/** Mails the address's owner that someone tried to sign up with it; returns whether it did. */
async function tellExisting(
	tx: DbOrTx,
	userId: string,
	email: string,
	now: number
): Promise<boolean> {
	const keys = [
		{ key: `signup-existing:${throttle.accountKey(email)}`, rule: throttle.mailToAddressRule }
	];
	if ((await throttle.wait(tx, keys, now)) > 0) return false;
	await throttle.recordFailure(tx, keys, now);
	await mail.enqueue(tx, { to: email, userId, kind: 'signup_existing' }, now);
	return true;
}

/**
 * What a log-in attempt counts against. From a browser the person has logged in from before,
 * only that browser's own failures count, so nobody can keep them out of it by failing on
 * purpose with their email elsewhere. Otherwise: the account from this address, the account
 * from anywhere (with much more room), and the address, whose pause stops only those who have
 * failed from it themselves (see `throttle.judge`).
 */
function logInAttempt(email: string, client: Client, knownDevice: string | undefined) {
	if (knownDevice)
		return { own: [{ key: devices.throttleKey(knownDevice), rule: throttle.accountRule }] };
	return {
		own: [
			{ key: throttle.accountFromKey(email, client.address), rule: throttle.accountRule },
			{ key: throttle.accountKey(email), rule: throttle.accountAnywhereRule }
		],
		shared: throttle.isKnownAddress(client.address)
			? { key: throttle.addressKey(client.address), rule: throttle.addressRule }
			: undefined
	};
}

type Opened = Awaited<ReturnType<typeof openSession>>;
/** A session, or a log-in waiting for its code: never both. */
export type LogInResult =
	| (Opened & { pending?: undefined })
	| ({ pending: Awaited<ReturnType<typeof pendingLogins.create>> } & {
			[K in keyof Opened]?: undefined;
	  });

/**
 * Logs in, counting failures as `logInAttempt` says: a session, or, for an account with two-step
 * verification on, a pending log-in that waits for the code (see `finishLogIn`).
 */
export async function logIn(
	db: Db,
	input: LogInInput,
	client: Client,
	now = Date.now()
): Promise<LogInResult> {
	const [user] = await db.select().from(users).where(eq(users.email, input.email)).limit(1);
	const fromKnownDevice =
		!!user &&
		!!client.knownDevice &&
		(await devices.ownerOf(db, client.knownDevice, now)) === user.id;
	const attempt = logInAttempt(
		input.email,
		client,
		fromKnownDevice ? client.knownDevice : undefined
	);
	// Judged and, if it goes ahead, counted already: guesses sent side by side (to one process
	// or several) each find those before them counted, and are paused in turn.
	const verdict = await throttle.begin(db, attempt, now);
	if (verdict.wait > 0) {
		log.warn('login_throttled', { address: client.address, by: verdict.by });
		throw new AppError('rate_limited', waitMessage(verdict.wait));
	}
	await throttle.holdFor(verdict);
	// An unknown email costs the same hashing time as a known one.
	const ok = await password.verifyPassword(
		user?.passwordHash ?? (await password.decoyPasswordHash()),
		input.password
	);
	if (!user || !ok) {
		// The attempt counted against its own keys already; against the address only now it failed.
		if (attempt.shared) await throttle.recordFailure(db, [attempt.shared], now);
		log.info('login_failed', { address: client.address });
		throw new AppError('invalid', MISMATCH);
	}
	await throttle.clear(db, attempt.own[0]!.key);
	await throttle.forgive(db, verdict, attempt.own.slice(1));
	// The zone of the device one logs in from is taken as one's own (changeable on the account page).
	if (input.timeZone && input.timeZone !== user.timeZone)
		await db.update(users).set({ timeZone: input.timeZone }).where(eq(users.id, user.id));
	// With two-step verification on, a right password leads only to asking for the code.
	if (await twoStepIsOn(db, user.id)) {
		log.info('login_code_asked', { userId: user.id });
		return { pending: await pendingLogins.create(db, user.id, now) };
	}
	log.info('login', { userId: user.id });
	return await openSession(db, user.id, client, fromKnownDevice, now);
}

export async function timeZoneOf(db: DbOrTx, userId: string): Promise<string> {
	const [row] = await db
		.select({ timeZone: users.timeZone })
		.from(users)
		.where(eq(users.id, userId))
		.limit(1);
	return row?.timeZone ?? 'UTC';
}

export async function setTimeZone(db: Db, userId: string, timeZone: string): Promise<void> {
	await db.update(users).set({ timeZone }).where(eq(users.id, userId));
}

export async function logOut(db: Db, sessionId: string): Promise<void> {
	await sessions.end(db, sessionId);
	endSessions([sessionId], 'logged_out');
	log.info('logout', { sessionId: sessionId.slice(0, 6) });
}

/** Ends every session of the person, this one included. */
export async function logOutEverywhere(db: Db, userId: string): Promise<number> {
	const ended = await transaction(db, async (tx) => {
		await devices.forgetAllOf(tx, userId);
		await pendingLogins.forgetAllOf(tx, userId);
		return sessions.endAllOf(tx, userId);
	});
	endSessions(ended, 'logged_out');
	log.info('logout_everywhere', { userId, count: ended.length });
	return ended.length;
}

/** Ends one other device; ids that are not the person's own are simply not found. */
export async function endDevice(db: Db, userId: string, sessionId: string): Promise<void> {
	if (!(await sessions.endOwn(db, userId, sessionId)))
		throw new AppError('not_found', 'That device is already signed out.');
	endSessions([sessionId], 'ended_elsewhere');
	log.info('device_ended', { userId });
}

/** Changes the password and signs out every other device. */
export async function changePassword(
	db: Db,
	userId: string,
	keepSessionId: string,
	input: { currentPassword: string; newPassword: string },
	client: Client,
	now = Date.now()
) {
	const user = await recheckPassword(
		db,
		userId,
		input.currentPassword,
		{ message: 'Your current password was not right. Please try again.', field: 'currentPassword' },
		now
	);
	const problem = await password.passwordProblem(input.newPassword, user);
	if (problem) throw new AppError('invalid', problem, 'newPassword');
	const passwordHash = await password.hashPassword(input.newPassword);
	const ended = await transaction(db, async (tx) => {
		await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
		await throttle.clear(tx, throttle.recheckKey(userId));
		// Whoever knew the old password may have logged in somewhere: no browser stays trusted.
		await devices.forgetAllOf(tx, userId);
		await pendingLogins.forgetAllOf(tx, userId);
		return sessions.endAllOf(tx, userId, keepSessionId);
	});
	endSessions(ended, 'password_changed');
	log.info('password_changed', { userId, endedSessions: ended.length, address: client.address });
	return ended.length;
}

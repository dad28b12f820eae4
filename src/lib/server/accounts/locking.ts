import { z } from 'zod';
import type { Db } from '../db';
import { sessions } from '../auth';
import { log } from '../log';
import { endSessions } from '../realtime/io';
import { recheckPassword } from './recheck';

/** Locks one device: its live connections close at once and hear nothing until it is unlocked. */
export async function lockDevice(db: Db, sessionId: string): Promise<void> {
	if (!(await sessions.lock(db, sessionId))) return;
	endSessions([sessionId], 'locked');
	log.info('device_locked', { sessionId: sessionId.slice(0, 6) });
}

export const unlockInput = z.object({
	password: z
		.string({ error: 'Please enter your password.' })
		.min(1, 'Please enter your password.')
		.max(256, 'Please enter your password.')
});

/** Opens a locked device again with its person's password (wrong ones counted for them alone). */
export async function unlockDevice(
	db: Db,
	locked: { sessionId: string; userId: string },
	password: string
): Promise<void> {
	await recheckPassword(db, locked.userId, password, {
		message: 'That password is not right. Please try again.',
		field: 'password'
	});
	await sessions.unlock(db, locked.sessionId);
	log.info('device_unlocked', { sessionId: locked.sessionId.slice(0, 6) });
}

const lockAfterChoice = z.enum(['5', '15', '60', 'never'], {
	error: 'Please choose one of the times offered.'
});
export const lockAfterInput = z.object({
	lockAfter: lockAfterChoice.transform((v) => (v === 'never' ? null : Number(v)))
});

/** This device's "Lock after" (minutes, or null: never by itself). */
export async function setLockAfter(
	db: Db,
	sessionId: string,
	minutes: number | null
): Promise<void> {
	await sessions.setLockAfter(db, sessionId, minutes);
}

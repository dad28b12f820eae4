import { db } from '../db';
import { devices, pendingLogins, sessions, throttle } from '../auth';
import { log } from '../log';
import { removeUnconfirmed } from '../accounts/recovery';
import { endSessions, type Io } from './io';
import type { AppSocket } from './register';

/**
 * Long-lived sockets outlive the request that authenticated them, so every interval
 * expired sessions are deleted and any socket whose session is gone, or whose device has locked
 * (left unused too long), is closed. Accounts whose
 * email was never confirmed go after a week.
 */
export function startHousekeeping(io: Io, intervalMs: number): () => void {
	const tick = async () => {
		const now = Date.now();
		await step(async () => {
			const expired = await sessions.deleteExpired(db(), now);
			endSessions(expired, 'expired');
			if (expired.length) log.info('sessions_expired', { count: expired.length });
		});
		await step(async () => {
			await throttle.prune(db(), now);
			await devices.prune(db(), now);
			await pendingLogins.prune(db(), now);
			await removeUnconfirmed(db(), now);
		});
		// Looked at whatever went wrong above: an open connection is what matters most here.
		await step(async () => {
			const open = [...io.of('/').sockets.values()];
			const states = await sessions.statesOf(
				db(),
				open.map((socket) => socket.data.sessionId),
				now,
				lockedEverywhere
			);
			for (const socket of open) close(socket, states.get(socket.data.sessionId) ?? 'gone');
		});
	};
	const timer = setInterval(() => void tick(), intervalMs);
	timer.unref();
	return () => clearInterval(timer);
}

async function step(work: () => Promise<void>): Promise<void> {
	try {
		await work();
	} catch (error) {
		log.error('housekeeping_failed', { error: error instanceof Error ? error.name : 'unknown' });
	}
}

/**
 * Closes a connection whose session has ended or locked since it was let in, telling it why;
 * whether it did. Also asked once a new connection is in its session's room: a session that
 * ended while the connection was being let in had nobody there to close.
 */
export async function closeIfEnded(socket: AppSocket, now = Date.now()): Promise<boolean> {
	return close(socket, await sessions.stateOf(db(), socket.data.sessionId, now, lockedEverywhere));
}

/** A session found idle and locked here: its connections on every process close. */
const lockedEverywhere = (sessionId: string) => endSessions([sessionId], 'locked');

function close(socket: AppSocket, state: sessions.SessionState): boolean {
	if (state === 'open') return false;
	socket.emit('session:ended', { reason: state === 'gone' ? 'ended_elsewhere' : 'locked' });
	socket.disconnect(true);
	return true;
}

import { db } from '../db';
import { devices, pendingLogins, sessions, throttle } from '../auth';
import { log } from '../log';
import { removeUnconfirmed } from '../accounts/recovery';
import { endSessions, type Io } from './io';

/**
 * Long-lived sockets outlive the request that authenticated them, so every interval
 * expired sessions are deleted and any socket whose session is gone, or whose device has locked
 * (left unused too long), is closed. Accounts whose
 * email was never confirmed go after a week.
 */
export function startHousekeeping(io: Io, intervalMs: number): () => void {
	const tick = async () => {
		try {
			const now = Date.now();
			const expired = await sessions.deleteExpired(db(), now);
			await throttle.prune(db(), now);
			await devices.prune(db(), now);
			await pendingLogins.prune(db(), now);
			await removeUnconfirmed(db(), now);
			endSessions(expired, 'expired');
			for (const socket of io.of('/').sockets.values()) {
				const state = await sessions.stateOf(db(), socket.data.sessionId, now);
				if (state === 'open') continue;
				socket.emit('session:ended', { reason: state === 'gone' ? 'ended_elsewhere' : 'locked' });
				socket.disconnect(true);
			}
			if (expired.length) log.info('sessions_expired', { count: expired.length });
		} catch (error) {
			log.error('housekeeping_failed', { error: error instanceof Error ? error.name : 'unknown' });
		}
	};
	const timer = setInterval(() => void tick(), intervalMs);
	timer.unref();
	return () => clearInterval(timer);
}

import type { IncomingMessage } from 'node:http';
import type { ExtendedError, Socket } from 'socket.io';
import { db } from '../db';
import { readCookie, sessions, sessionCookieName } from '../auth';
import { log } from '../log';
import { peopleIn } from './cluster';
import { endSessions, getIo, rooms } from './io';

/**
 * WebSockets are not covered by CORS, so the handshake itself must come from our own
 * pages: the Origin must be ORIGIN when configured, otherwise the host being served.
 * Long-polling requests are plain same-origin fetches, which carry no Origin (GET) or
 * `Origin: null` (POST under no-referrer); those pass only when the browser itself
 * marks them Sec-Fetch-Site: same-origin.
 */
export function originAllowed(req: IncomingMessage): boolean {
	const origin = req.headers.origin;
	if (!origin || origin === 'null') return req.headers['sec-fetch-site'] === 'same-origin';
	const configured = process.env.ORIGIN;
	if (configured) return origin === new URL(configured).origin;
	const host = req.headers.host;
	return !!host && (origin === `http://${host}` || origin === `https://${host}`);
}

/** Connections one person may hold at once, across all their devices and tabs. */
export const MAX_SOCKETS_PER_PERSON = 20;

/**
 * Authenticates every connection (and every reconnection) from the session cookie, and refuses
 * one more than a person may hold.
 */
export async function authenticate(
	socket: Socket,
	next: (err?: ExtendedError) => void
): Promise<void> {
	const token = readCookie(socket.request.headers.cookie, sessionCookieName());
	let found: Awaited<ReturnType<typeof sessions.validate>>;
	const now = Date.now();
	try {
		// Counted as the device being in use only once it is let in (below): a page turned away
		// asks again by itself, which is not a person at their device.
		found = token ? await sessions.validate(db(), token, now, { touch: false }) : null;
	} catch (error) {
		// The database is out of reach for a moment: the device tries again by itself.
		log.warn('socket_refused', { reason: 'unavailable', error: (error as Error).name });
		next(new Error('unavailable'));
		return;
	}
	if (!found) {
		log.info('socket_refused', { reason: 'no_session' });
		next(new Error('unauthenticated'));
		return;
	}
	// A locked device hears nothing until its person unlocks it.
	if (found.session.locked) {
		// Found idle too long just now: its other connections close too.
		if (found.session.lockedNow) endSessions([found.session.id], 'locked');
		next(new Error('locked'));
		return;
	}
	let held: number;
	try {
		const io = getIo();
		held = io ? (await peopleIn(io, rooms.user(found.user.id))).length : 0;
	} catch {
		next(new Error('unavailable'));
		return;
	}
	if (held >= MAX_SOCKETS_PER_PERSON) {
		log.warn('socket_refused', { reason: 'too_many', userId: found.user.id });
		next(new Error('too_many_connections'));
		return;
	}
	try {
		if (found.session.touchDue) await sessions.touch(db(), found.session.id, now);
	} catch {
		next(new Error('unavailable'));
		return;
	}
	socket.data.user = found.user;
	socket.data.sessionId = found.session.id;
	next();
}

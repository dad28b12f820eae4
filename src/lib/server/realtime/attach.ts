import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { MAX_SOCKET_PAYLOAD_BYTES } from '../../realtime/events';
import { log } from '../log';
import { authenticate, originAllowed } from './handshake';
import { getIo, rooms, setIo, type Io } from './io';
import { refuseUnknown, type AppSocket } from './register';
import { closeIfEnded, startHousekeeping } from './housekeeping';
import { joinNodes } from './cluster';
import * as changes from './changes';
import { HEARTBEAT } from './heartbeat';
import * as system from './system';
import * as spaces from './spaces';
import * as conversations from './conversations';

/** One register() per domain; later capabilities add theirs here. */
const domains: Array<(socket: AppSocket) => void> = [
	system.register,
	spaces.register,
	conversations.register
];

/**
 * Attaches socket.io to an http server: the same function serves `vite dev`,
 * `vite preview` and the production server.
 */
export function attachRealtime(httpServer: HttpServer): Io {
	const existing = getIo();
	if (existing) return existing;
	const io: Io = new Server(httpServer, {
		serveClient: false,
		...HEARTBEAT,
		maxHttpBufferSize: MAX_SOCKET_PAYLOAD_BYTES,
		allowRequest: (req, callback) => callback(null, originAllowed(req))
	});
	// With REDIS_URL, rooms span every process of the app (see cluster.ts).
	const leaveNodes = joinNodes(io);
	if (leaveNodes) spaces.hearAdmissions(io);
	changes.listen(io, leaveNodes !== null);
	io.use(authenticate);
	io.on('connection', (socket) => {
		const joined = socket.join([
			rooms.user(socket.data.user.id),
			rooms.session(socket.data.sessionId)
		]);
		refuseUnknown(socket);
		for (const register of domains) register(socket);
		// Asked again once in the session's room: ended meanwhile, it is closed now, not later.
		void Promise.resolve(joined)
			.then(() => closeIfEnded(socket))
			.catch((error: unknown) =>
				log.error('session_recheck_failed', {
					error: error instanceof Error ? error.name : 'unknown'
				})
			);
	});
	const stop = startHousekeeping(io, Number(process.env.SESSION_RECHECK_MS ?? 60_000));
	httpServer.once('close', () => {
		stop();
		changes.stopListening();
		void leaveNodes?.();
		setIo(undefined);
	});
	setIo(io);
	log.info('realtime_attached', {});
	return io;
}

export function exposeAttach(): void {
	(globalThis as Record<symbol, unknown>)[Symbol.for('trellis.realtime.attach')] = attachRealtime;
}

import type { Server } from 'socket.io';
import type { ClientToServer, ServerToClient, SessionEndReason } from '../../realtime/events';
import type { SessionUser } from '../auth';

export interface SocketData {
	user: SessionUser;
	sessionId: string;
}
/** What one app process tells the others (with REDIS_URL; see changes.ts). */
export interface NodeEvents {
	'rooms:changed': (roomNames: string[], at: number) => void;
	/** Who has a socket in a room on each process: asked by one, answered by each of the others. */
	'rooms:ask': (room: string, questionId: string) => void;
	'rooms:answer': (questionId: string, from: string, people: string[]) => void;
	/** Someone was admitted to a space: each process adds its own sockets of theirs. */
	'space:admitted': (userId: string, spaceId: string) => void;
}
export type Io = Server<ClientToServer, ServerToClient, NodeEvents, SocketData>;

const KEY = Symbol.for('trellis.realtime.io');
type Holder = { [KEY]?: Io };

/** The attached socket.io server, if any (services emit through it after they commit). */
export function getIo(): Io | undefined {
	return (globalThis as Holder)[KEY];
}

export function setIo(io: Io | undefined): void {
	(globalThis as Holder)[KEY] = io;
}

export const rooms = {
	user: (userId: string) => `user:${userId}`,
	session: (sessionId: string) => `session:${sessionId}`,
	/** Every admitted member's sockets, for changes to the space. */
	space: (spaceId: string) => `space:${spaceId}`,
	/** Sockets whose page is the space right now: the presence list. */
	here: (spaceId: string) => `here:${spaceId}`,
	/** Sockets with a conversation open: its events, presence and typing. */
	conversation: (conversationId: string) => `conversation:${conversationId}`
};

type EndReason = SessionEndReason;

/** Tells the sockets of ended sessions why, then closes them at once. */
export function endSessions(sessionIds: readonly string[], reason: EndReason): void {
	const io = getIo();
	if (!io || sessionIds.length === 0) return;
	const targets = sessionIds.map(rooms.session);
	io.to(targets).emit('session:ended', { reason });
	io.in(targets).disconnectSockets(true);
}

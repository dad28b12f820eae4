import { socketsIn } from './cluster';
import { getIo, rooms } from './io';

/**
 * Ids of the people with a device in a room right now (each once, however many devices), on
 * every node of the app.
 */
async function peopleIn(room: string): Promise<string[]> {
	const io = getIo();
	if (!io) return [];
	const sockets = await socketsIn(io.of('/'), room);
	return [...new Set(sockets.map((s) => s.data.user.id))];
}

/** Ids of the people who have the space open on some device right now. */
export const onlineIn = (spaceId: string) => peopleIn(rooms.here(spaceId));

export async function broadcast(spaceId: string): Promise<void> {
	getIo()
		?.to(rooms.space(spaceId))
		.emit('space:presence', { spaceId, online: await onlineIn(spaceId) });
}

/** Ids of the people who have the conversation open on some device right now. */
export const presentIn = (conversationId: string) => peopleIn(rooms.conversation(conversationId));

/** Tells every device in a conversation who is there now. */
export async function announceIn(conversationId: string): Promise<void> {
	getIo()
		?.to(rooms.conversation(conversationId))
		.emit('conversation:presence', { conversationId, present: await presentIn(conversationId) });
}

import { getIo, rooms } from './io';

/** Ids of the people who have the space open on some device right now. */
export async function onlineIn(spaceId: string): Promise<string[]> {
	const io = getIo();
	if (!io) return [];
	const sockets = await io.in(rooms.here(spaceId)).fetchSockets();
	return [...new Set(sockets.map((s) => s.data.user.id))];
}

export async function broadcast(spaceId: string): Promise<void> {
	const io = getIo();
	if (!io) return;
	io.to(rooms.space(spaceId)).emit('space:presence', { spaceId, online: await onlineIn(spaceId) });
}

/** Ids of the people who have the conversation open on some device right now. */
export async function presentIn(conversationId: string): Promise<string[]> {
	const io = getIo();
	if (!io) return [];
	const sockets = await io.in(rooms.conversation(conversationId)).fetchSockets();
	return [...new Set(sockets.map((s) => s.data.user.id))];
}

/** Tells every device in a conversation who is there now. */
export async function announceIn(conversationId: string): Promise<void> {
	getIo()
		?.to(rooms.conversation(conversationId))
		.emit('conversation:presence', { conversationId, present: await presentIn(conversationId) });
}

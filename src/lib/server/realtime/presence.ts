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

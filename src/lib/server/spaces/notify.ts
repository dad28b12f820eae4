import { eq } from 'drizzle-orm';
import { db } from '../db';
import { conversations } from '../db/schema';
import { getIo, rooms } from '../realtime/io';
import * as presence from '../realtime/presence';
import { announce } from '../realtime/changes';
import { clustered } from '../realtime/cluster';
import { admitHere } from '../realtime/spaces';

/**
 * Live signals, sent after a change has committed. They carry only the space id:
 * each device then reloads what it may see through the normal, policy-checked loads.
 */
export function changed(spaceId: string, alsoUsers: readonly string[] = []): void {
	tell([rooms.space(spaceId), ...alsoUsers.map(rooms.user)], spaceId);
}

/** A change to someone's own private things: only that person's devices hear of it. */
export function own(userId: string, spaceId: string): void {
	tell([rooms.user(userId)], spaceId);
}

function tell(roomNames: string[], spaceId: string): void {
	const io = getIo();
	if (!io) return;
	// Noted first, for devices whose page was read before the change and who connect after it.
	announce(io, roomNames);
	io.to(roomNames).emit('space:changed', { spaceId });
}

/** Adds a newly admitted member's open sockets, on every process, to the space's room. */
export function admit(userId: string, spaceId: string): void {
	const io = getIo();
	if (!io) return;
	void admitHere(io, userId, spaceId);
	if (clustered(io)) io.serverSideEmit('space:admitted', userId, spaceId);
}

/** Takes a departing member's sockets out of the space, and updates presence. */
export async function expel(userId: string, spaceId: string): Promise<void> {
	const io = getIo();
	if (!io) return;
	const open = (
		await db()
			.select({ id: conversations.id })
			.from(conversations)
			.where(eq(conversations.spaceId, spaceId))
	).map((c) => c.id);
	io.in(rooms.user(userId)).socketsLeave([
		rooms.space(spaceId),
		rooms.here(spaceId),
		...open.map(rooms.conversation)
	]);
	void presence.broadcast(spaceId);
	// Whoever is still in one of its conversations sees them gone from "Here now" at once.
	for (const id of open) void presence.announceIn(id);
}

import { and, eq } from 'drizzle-orm';
import { db } from '../db';
import { memberships } from '../db/schema';
import { authorize } from '../policy';
import { log } from '../log';
import { rooms } from './io';
import * as presence from './presence';
import { on, type AppSocket } from './register';

/** Spaces whose changes this person receives: where they are an admitted member. */
async function admittedSpaces(userId: string): Promise<string[]> {
	const rows = await db()
		.select({ spaceId: memberships.spaceId })
		.from(memberships)
		.where(and(eq(memberships.userId, userId), eq(memberships.status, 'active')));
	return rows.map((r) => r.spaceId);
}

export function register(socket: AppSocket): void {
	const userId = socket.data.user.id;
	// The handlers below are bound at once; the rooms are joined once the spaces are read.
	void admittedSpaces(userId)
		.then((spaceIds) => socket.join(spaceIds.map(rooms.space)))
		.catch((error: unknown) =>
			log.error('space_rooms_failed', {
				error: error instanceof Error ? error.name : 'unknown'
			})
		);

	on(socket, 'space:watch', async ({ spaceId }) => {
		await authorize(db(), userId, 'space.subscribe', spaceId);
		await socket.join([rooms.space(spaceId), rooms.here(spaceId)]);
		await presence.broadcast(spaceId);
		return { online: await presence.onlineIn(spaceId) };
	});

	on(socket, 'space:unwatch', async ({ spaceId }) => {
		if (socket.rooms.has(rooms.here(spaceId))) {
			await socket.leave(rooms.here(spaceId));
			await presence.broadcast(spaceId);
		}
		return {};
	});

	// Rooms are gone once a socket has disconnected, so note the spaces it had open first.
	let watching: string[] = [];
	socket.on('disconnecting', () => {
		watching = [...socket.rooms]
			.filter((r) => r.startsWith('here:'))
			.map((r) => r.slice('here:'.length));
	});
	socket.on('disconnect', () => {
		for (const spaceId of watching) void presence.broadcast(spaceId);
	});
}

import { and, eq } from 'drizzle-orm';
import { db } from '../db';
import { memberships } from '../db/schema';
import { allows, authorize } from '../policy';
import { log } from '../log';
import { rooms, type Io } from './io';
import * as presence from './presence';
import { changedSince } from './changes';
import { joinWhileAllowed, on, type AppSocket } from './register';

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
	const joined: Promise<string[] | null> = admittedSpaces(userId)
		.then(async (spaceIds) => {
			await socket.join(spaceIds.map(rooms.space));
			// Read again once in: a membership that ended in between leaves no room behind (its
			// end took this person's sockets out before this one was in).
			const still = new Set(await admittedSpaces(userId));
			for (const id of spaceIds) if (!still.has(id)) await socket.leave(rooms.space(id));
			return spaceIds.filter((id) => still.has(id));
		})
		.catch((error: unknown) => {
			log.error('space_rooms_failed', {
				error: error instanceof Error ? error.name : 'unknown'
			});
			return null;
		});

	// Answered once the rooms are joined: from then on, a change is either heard or noted.
	on(socket, 'space:since', async ({ since }) => {
		const spaceIds = await joined;
		if (!spaceIds) return { changed: true };
		return {
			changed: changedSince([rooms.user(userId), ...spaceIds.map(rooms.space)], since)
		};
	});

	on(socket, 'space:watch', async ({ spaceId }) => {
		await authorize(db(), userId, 'space.subscribe', spaceId);
		const subscribes = () => allows(db(), userId, 'space.subscribe', spaceId);
		if (
			!(await joinWhileAllowed(socket, [rooms.space(spaceId), rooms.here(spaceId)], subscribes))
		) {
			// Removed while joining: gone from "Here now" again, should another look have seen
			// them, and refused with the reason a fresh look-up gives.
			await presence.broadcast(spaceId);
			await authorize(db(), userId, 'space.subscribe', spaceId);
		}
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

/**
 * This process's part of an admission: its sockets of the person join the space's room, and the
 * membership is read again once they are in. A removal on another process can arrive here before
 * the admission it followed (after a blip in the link to Redis); read afterwards, it is seen, and
 * the sockets leave again.
 */
export async function admitHere(
	io: Io,
	userId: string,
	spaceId: string,
	admitted: () => Promise<boolean> = () => allows(db(), userId, 'space.subscribe', spaceId)
): Promise<void> {
	if (!io.of('/').adapter.rooms.get(rooms.user(userId))?.size) return;
	const theirs = io.local.in(rooms.user(userId));
	theirs.socketsJoin(rooms.space(spaceId));
	let stays = false;
	try {
		stays = await admitted();
	} catch (error) {
		log.error('admission_check_failed', {
			error: error instanceof Error ? error.name : 'unknown'
		});
	}
	if (!stays) theirs.socketsLeave(rooms.space(spaceId));
}

/** With several processes: each adds its own sockets of someone admitted on another. */
export function hearAdmissions(io: Io): void {
	io.on('space:admitted', (userId, spaceId) => void admitHere(io, userId, spaceId));
}

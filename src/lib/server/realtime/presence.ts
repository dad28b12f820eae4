import { peopleIn as everyoneIn } from './cluster';
import { getIo, rooms } from './io';

/**
 * Ids of the people with a device in a room right now (each once, however many devices), on
 * every node of the app.
 */
async function peopleIn(room: string): Promise<string[]> {
	const io = getIo();
	if (!io) return [];
	return [...new Set(await everyoneIn(io, room))];
}

/**
 * Sends what `look` finds about `key`, unless a look begun later has been sent already. Looks
 * can overlap (two people arriving at once) and end out of order (one waits for a node that
 * does not answer): the list everyone is left with is then the newest, never an older one.
 */
export function newestFirst<T>() {
	const looks = new Map<string, { begun: number; sent: number }>();
	return async (key: string, look: () => Promise<T>, send: (found: T) => void): Promise<void> => {
		let counts = looks.get(key);
		if (!counts) looks.set(key, (counts = { begun: 0, sent: 0 }));
		const mine = ++counts.begun;
		try {
			const found = await look();
			if (mine < counts.sent) return;
			counts.sent = mine;
			send(found);
		} finally {
			// The last look still under way forgets the key; older ones keep their own counts.
			if (counts.begun === mine && looks.get(key) === counts) looks.delete(key);
		}
	};
}

const tellOnline = newestFirst<string[]>();
const tellPresent = newestFirst<string[]>();

/** Ids of the people who have the space open on some device right now. */
export const onlineIn = (spaceId: string) => peopleIn(rooms.here(spaceId));

/** Tells every member's device who has the space open now. */
export function broadcast(spaceId: string): Promise<void> {
	return tellOnline(
		spaceId,
		() => onlineIn(spaceId),
		(online) => getIo()?.to(rooms.space(spaceId)).emit('space:presence', { spaceId, online })
	);
}

/** Ids of the people who have the conversation open on some device right now. */
export const presentIn = (conversationId: string) => peopleIn(rooms.conversation(conversationId));

/** Tells every device in a conversation who is there now. */
export function announceIn(conversationId: string): Promise<void> {
	return tellPresent(
		conversationId,
		() => presentIn(conversationId),
		(present) =>
			getIo()
				?.to(rooms.conversation(conversationId))
				.emit('conversation:presence', { conversationId, present })
	);
}

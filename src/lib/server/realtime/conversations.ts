import { db } from '../db';
import * as conversations from '../conversations';
import { rooms } from './io';
import { announceIn, presentIn } from './presence';
import { allows } from '../policy';
import { joinWhileAllowed, on, type AppSocket } from './register';

export function register(socket: AppSocket): void {
	const userId = socket.data.user.id;

	// Joining is also catching up: the events after the last one this device has, in order.
	on(socket, 'conversation:join', async ({ conversationId, after }) => {
		const { conversation } = await conversations.access(
			db(),
			userId,
			conversationId,
			'conversation.view'
		);
		// Only those who can take part are in the room (live events, presence, typing); someone
		// who left, or anyone in a closed space, can still read it all.
		const takesPart = () => allows(db(), userId, 'conversation.take_part', conversation.spaceId);
		if (await takesPart()) {
			if (await joinWhileAllowed(socket, [rooms.conversation(conversationId)], takesPart))
				await announceIn(conversationId);
			else {
				// Removed while joining: gone from "Here now" again, should another look have seen
				// them, and what they may still read is asked afresh (a counselor, nothing).
				await announceIn(conversationId);
				await conversations.access(db(), userId, conversationId, 'conversation.view');
			}
		}
		// Read once in the room: an event stored while this device was joining reaches it here,
		// or live, or both (a device keeps each number once), never neither.
		const events = await conversations.readEvents(db(), conversationId, after);
		return { events, present: await presentIn(conversationId) };
	});

	on(socket, 'conversation:leave', async ({ conversationId }) => {
		if (socket.rooms.has(rooms.conversation(conversationId))) {
			await socket.leave(rooms.conversation(conversationId));
			await announceIn(conversationId);
		}
		return {};
	});

	on(socket, 'conversation:act', async ({ conversationId, clientId, command }) => {
		// The event comes back in the answer; the others hear it as a broadcast.
		const { event, duplicate } = await conversations.act(
			db(),
			userId,
			conversationId,
			clientId,
			command,
			{ device: socket.id }
		);
		return { seq: event.seq, duplicate, event };
	});

	on(socket, 'conversation:typing', ({ conversationId, typing }) => {
		// Only from a device that has joined (and so was allowed to): nothing is looked up or stored.
		if (socket.rooms.has(rooms.conversation(conversationId)))
			socket
				.to(rooms.conversation(conversationId))
				.emit('conversation:typing', { conversationId, userId, typing });
		return {};
	});

	let open: string[] = [];
	socket.on('disconnecting', () => {
		open = [...socket.rooms]
			.filter((r) => r.startsWith('conversation:'))
			.map((r) => r.slice('conversation:'.length));
	});
	socket.on('disconnect', () => {
		for (const id of open) void announceIn(id);
	});
}

import { db } from '$lib/server/db';
import { randomString } from '$lib/server/auth/tokens';
import { act } from '$lib/server/forms';
import { orErrorPage } from '$lib/server/http';
import { allows } from '$lib/server/policy';
import * as conversations from '$lib/server/conversations';
import * as spaces from '$lib/server/spaces';
import { initial, MIN_PAUSE_MINUTES, replay } from '$lib/domain/conversation';
import { suggestSupportFirst } from '$lib/domain/spaces';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const userId = locals.user!.id;
	const { space, me } = await orErrorPage(() =>
		spaces.context(db(), userId, params.spaceId, 'conversation.view')
	);
	const { conversation, events } = await orErrorPage(() =>
		conversations.get(db(), userId, space.id, params.conversationId)
	);
	const people = await conversations.peopleIn(db(), conversation, events);
	const ended =
		replay(initial(conversation.format, conversation.turnSeconds, true), events).status === 'ended';
	return {
		space,
		me: {
			userId,
			role: me.role,
			canTakePart: await allows(db(), userId, 'conversation.take_part', space.id)
		},
		conversation: {
			id: conversation.id,
			topic: conversation.topic,
			agenda: conversation.agenda,
			format: conversation.format,
			turnSeconds: conversation.turnSeconds,
			scheduledFor: conversation.scheduledFor?.getTime() ?? null,
			createdAt: conversation.createdAt.getTime()
		},
		people,
		events,
		minPause: MIN_PAUSE_MINUTES,
		// Whoever started it was asked before starting.
		supportFirst:
			!ended &&
			conversation.createdBy !== userId &&
			!url.searchParams.has('goOn') &&
			suggestSupportFirst(await spaces.ownSafety(db(), userId, space.id)),
		// For the forms without JavaScript: a fresh id per page, so a re-sent form lands once.
		formId: `f-${randomString()}`
	};
};

export const actions: Actions = {
	act: (event) =>
		act(event, conversations.formCommand, async (userId, { clientId, confirmed, command }) => {
			// Ending is for everyone at once and cannot be undone: a form asks first.
			if (command.type === 'end' && !confirmed) return { confirming: 'end' as const };
			await conversations.act(db(), userId, event.params.conversationId, clientId, command);
			return { sent: true };
		}),
	propose: (event) =>
		act(event, conversations.proposeInput, async (userId, { item }) => {
			const { id } = await conversations.proposeFromSummary(
				db(),
				userId,
				event.params.conversationId,
				item
			);
			return { proposed: id };
		})
};

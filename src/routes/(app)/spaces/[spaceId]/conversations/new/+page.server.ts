import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { randomString } from '$lib/server/auth/tokens';
import { act } from '$lib/server/forms';
import { orErrorPage } from '$lib/server/http';
import * as conversations from '$lib/server/conversations';
import * as spaces from '$lib/server/spaces';
import { topicsFor } from '$lib/domain/conversation-topics';
import { suggestSupportFirst } from '$lib/domain/spaces';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const userId = locals.user!.id;
	const { space } = await orErrorPage(() =>
		spaces.context(db(), userId, params.spaceId, 'conversation.start')
	);
	return {
		space,
		topics: topicsFor(space.stage),
		clientId: randomString(),
		supportFirst:
			!url.searchParams.has('goOn') &&
			suggestSupportFirst(await spaces.ownSafety(db(), userId, space.id))
	};
};

export const actions: Actions = {
	default: (event) =>
		act(event, conversations.startInput, async (userId, input) => {
			const { id } = await conversations.start(db(), userId, event.params.spaceId, input);
			redirect(303, `/spaces/${event.params.spaceId}/conversations/${id}`);
		})
};

import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { randomString } from '$lib/server/auth/tokens';
import { act } from '$lib/server/forms';
import { orErrorPage } from '$lib/server/http';
import * as conversations from '$lib/server/conversations';
import * as spaces from '$lib/server/spaces';
import { topicsFor } from '$lib/domain/conversation-topics';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	const { space } = orErrorPage(() =>
		spaces.context(db(), locals.user!.id, params.spaceId, 'conversation.start')
	);
	return { space, topics: topicsFor(space.stage), clientId: randomString() };
};

export const actions: Actions = {
	default: (event) =>
		act(event, conversations.startInput, (userId, input) => {
			const { id } = conversations.start(db(), userId, event.params.spaceId, input);
			redirect(303, `/spaces/${event.params.spaceId}/conversations/${id}`);
		})
};

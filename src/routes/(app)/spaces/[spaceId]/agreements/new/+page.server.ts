import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { randomString } from '$lib/server/auth/tokens';
import { act } from '$lib/server/forms';
import { orErrorPage } from '$lib/server/http';
import * as agreements from '$lib/server/agreements';
import * as spaces from '$lib/server/spaces';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const { space } = await orErrorPage(() =>
		spaces.context(db(), locals.user!.id, params.spaceId, 'agreement.act')
	);
	return { space, clientId: randomString() };
};

export const actions: Actions = {
	default: (event) =>
		act(event, agreements.proposeInput, async (userId, input) => {
			const { id } = await agreements.propose(db(), userId, event.params.spaceId, {
				clientId: input.clientId,
				terms: agreements.termsFrom(input)
			});
			redirect(303, `/spaces/${event.params.spaceId}/agreements/${id}`);
		})
};

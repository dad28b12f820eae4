import { db } from '$lib/server/db';
import { failure, parseForm } from '$lib/server/forms';
import { orErrorPage } from '$lib/server/http';
import { authorize } from '$lib/server/policy';
import * as spaces from '$lib/server/spaces';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const userId = locals.user!.id;
	const { space } = await orErrorPage(() =>
		authorize(db(), userId, 'space.answerSafety', params.spaceId)
	);
	return {
		space: { id: space.id, name: space.name },
		answer: await spaces.ownSafety(db(), userId, space.id)
	};
};

export const actions: Actions = {
	default: async ({ locals, params, request }) => {
		if (!locals.user) return failure(new Error('no session'));
		const parsed = await parseForm(request, spaces.safetyInput);
		if (!parsed.ok) return parsed.failure;
		try {
			await spaces.answerSafety(db(), locals.user.id, params.spaceId, parsed.data.safety);
		} catch (error) {
			return failure(error, parsed.form);
		}
		return { saved: true };
	}
};

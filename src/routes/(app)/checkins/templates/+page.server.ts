import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { randomString } from '$lib/server/auth/tokens';
import { act } from '$lib/server/forms';
import * as checkins from '$lib/server/checkins';
import type { Actions, PageServerLoad } from './$types';

/** A counselor's check-in templates: the built-in one to read, their own to write. */
export const load: PageServerLoad = ({ locals }) => {
	const user = locals.user!;
	if (user.kind !== 'counselor') error(404, 'Not found');
	return {
		templates: checkins.templatesFor(db(), user.id),
		slots: checkins.TEMPLATE_SLOTS,
		clientId: randomString()
	};
};

export const actions: Actions = {
	create: (event) =>
		act(event, checkins.templateInput, (_, input) => {
			const user = event.locals.user!;
			checkins.createTemplate(db(), user, input);
			return { created: input.title };
		})
};

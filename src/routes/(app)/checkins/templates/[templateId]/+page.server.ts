import { error, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { act } from '$lib/server/forms';
import { orErrorPage } from '$lib/server/http';
import { randomString } from '$lib/server/auth/tokens';
import * as checkins from '$lib/server/checkins';
import { templateValues } from '../words';
import type { Actions, PageServerLoad } from './$types';

/** One of a counselor's own templates, to change. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = locals.user!;
	if (user.kind !== 'counselor') error(404, 'Not found');
	const template = await orErrorPage(() => checkins.ownTemplate(db(), user, params.templateId));
	return {
		template: { id: template.id, title: template.title, archived: template.archivedAt !== null },
		values: templateValues(template),
		copied: url.searchParams.has('copied'),
		slots: checkins.TEMPLATE_SLOTS,
		clientId: randomString()
	};
};

export const actions: Actions = {
	save: (event) =>
		act(event, checkins.templateInput, async (_, input) => {
			await checkins.updateTemplate(db(), event.locals.user!, event.params.templateId, input);
			redirect(303, `/checkins/templates?saved=${event.params.templateId}`);
		})
};

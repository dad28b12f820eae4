import { error, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { randomString } from '$lib/server/auth/tokens';
import { act } from '$lib/server/forms';
import * as checkins from '$lib/server/checkins';
import { weeklyTrust } from '$lib/domain/checkins';
import type { Actions, PageServerLoad } from './$types';

/** A counselor's check-in templates: the built-in one to read, their own to write and keep. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = locals.user!;
	if (user.kind !== 'counselor') error(404, 'Not found');
	const own = await checkins.ownTemplates(db(), user.id);
	return {
		builtIn: weeklyTrust,
		templates: own.filter((t) => t.archivedAt === null),
		archived: own.filter((t) => t.archivedAt !== null),
		// Back from changing one: its title, to say it was saved.
		saved: own.find((t) => t.id === url.searchParams.get('saved'))?.title ?? null,
		slots: checkins.TEMPLATE_SLOTS,
		clientId: randomString()
	};
};

export const actions: Actions = {
	create: (event) =>
		act(event, checkins.templateInput, async (_, input) => {
			await checkins.createTemplate(db(), event.locals.user!, input);
			return { created: input.title };
		}),
	// A copy opens straight away, to be changed.
	duplicate: (event) =>
		act(event, checkins.duplicateInput, async (_, { templateId, clientId }) => {
			const { id } = await checkins.duplicateTemplate(
				db(),
				event.locals.user!,
				templateId,
				clientId
			);
			redirect(303, `/checkins/templates/${id}?copied=1`);
		}),
	archive: (event) =>
		act(event, checkins.archiveInput, async (_, { templateId, archived }) => {
			await checkins.setArchived(db(), event.locals.user!, templateId, archived === 'yes');
			return { archived, templateId };
		})
};

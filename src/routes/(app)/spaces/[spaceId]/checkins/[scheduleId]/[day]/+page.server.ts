import { error, fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { act } from '$lib/server/forms';
import { orErrorPage } from '$lib/server/http';
import { allows } from '$lib/server/policy';
import * as checkins from '$lib/server/checkins';
import * as spaces from '$lib/server/spaces';
import { isDate } from '$lib/domain/schedule';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const userId = locals.user!.id;
	if (!isDate(params.day)) error(404, 'We could not find that check-in.');
	const { space, me } = await orErrorPage(() =>
		spaces.context(db(), userId, params.spaceId, 'checkin.view')
	);
	const found = await orErrorPage(() =>
		checkins.occurrenceFor(db(), userId, space.id, params.scheduleId, params.day)
	);
	return {
		space,
		day: params.day,
		scheduleId: found.schedule.id,
		title: found.template.title,
		questions: found.template.questions,
		canAnswer:
			me.role === 'partner' &&
			(await allows(db(), userId, 'checkin.answer', space.id)) &&
			!found.own?.submittedAt,
		sent: found.own?.submittedAt?.getTime() ?? null,
		values: Object.fromEntries(
			Object.entries(found.own?.answers ?? {}).map(([k, v]) => [k, String(v)])
		),
		savedAt: found.own?.updatedAt.getTime() ?? 0
	};
};

export const actions: Actions = {
	saveDraft: (event) =>
		act(event, checkins.answersInput, (userId, fields) =>
			checkins.saveDraft(
				db(),
				userId,
				event.params.spaceId,
				event.params.scheduleId,
				event.params.day,
				fields
			)
		),
	submit: (event) =>
		act(event, checkins.answersInput, async (userId, fields) => {
			const result = await checkins.submit(
				db(),
				userId,
				event.params.spaceId,
				event.params.scheduleId,
				event.params.day,
				fields
			);
			if (!result.ok)
				return fail(400, {
					message: 'Please check the highlighted answers.',
					fieldErrors: result.errors,
					values: fields
				});
			redirect(303, `/spaces/${event.params.spaceId}/checkins?sent=1`);
		})
};

import { db } from '$lib/server/db';
import { act } from '$lib/server/forms';
import { orErrorPage } from '$lib/server/http';
import * as agreements from '$lib/server/agreements';
import * as journey from '$lib/server/journey';
import * as spaces from '$lib/server/spaces';
import { allows } from '$lib/server/policy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const userId = locals.user!.id;
	const { space, me } = await orErrorPage(() =>
		spaces.context(db(), userId, params.spaceId, 'assessment.view')
	);
	const view = await journey.assessment.view(db(), userId, space.id);
	return {
		space,
		me,
		canAnswer:
			view.open &&
			(await allows(db(), userId, 'assessment.answer', space.id)) &&
			!view.mine?.submittedAt,
		mine: view.mine && {
			fields: journey.answersToFields(view.mine.answers),
			submittedAt: view.mine.submittedAt,
			savedAt: view.mine.savedAt
		},
		comparison: view.comparison,
		// The keeping record sits next to the answers once they are shown.
		weeks: view.comparison ? (await agreements.consistency(db(), userId, space.id)).weeks : []
	};
};

export const actions: Actions = {
	saveDraft: (event) =>
		act(event, journey.draftAnswersInput, (userId, answers) =>
			journey.assessment.saveDraft(db(), userId, event.params.spaceId, answers)
		),
	submit: (event) =>
		act(event, journey.answersInput, async (userId, answers) => {
			const { revealed } = await journey.assessment.submit(
				db(),
				userId,
				event.params.spaceId,
				answers
			);
			return { submitted: true, revealed };
		})
};

import { error, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { act } from '$lib/server/forms';
import { confirmation } from '$lib/server/forms-schemas';
import { orErrorPage } from '$lib/server/http';
import * as journey from '$lib/server/journey';
import * as spaces from '$lib/server/spaces';
import { guideFor } from '$lib/domain/stage-guide';
import { stageName } from '$lib/domain/stages';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

function stageOf(params: { stage: string }): number {
	const parsed = journey.stageParam.safeParse(params.stage);
	if (!parsed.success) error(404, 'There is no such stage.');
	return parsed.data;
}

export const load: PageServerLoad = async ({ locals, params }) => {
	const userId = locals.user!.id;
	const stage = stageOf(params);
	const { space, me } = await orErrorPage(() =>
		spaces.context(db(), userId, params.spaceId, 'journey.view')
	);
	const guide = guideFor(stage)!;
	const base = `/spaces/${space.id}`;
	const assessment =
		stage === 3 || stage === 4 ? await journey.assessment.view(db(), userId, space.id) : null;
	return {
		space,
		me,
		stage,
		name: stageName(stage),
		guide: {
			/** The guidance in one sentence; the rest is a tap away. */
			lead: guide.purpose.split(/(?<=[.!?])\s/)[0]!,
			purpose: guide.purpose,
			helps: guide.helps,
			forMe: me.perspective ? guide.perspective[me.perspective] : null,
			tools: guide.tools
				.map((t) => ({ name: t.name, about: t.about, href: t.href(base) }))
				// A counselor has no journal and starts no conversations; in a closed space nobody
				// writes anything new.
				.filter(({ href }) => me.role === 'partner' || !/\/journal|\/conversations\/new/.test(href))
				.filter(({ href }) => me.canWrite || !/\/new\b|\/prompts$/.test(href))
		},
		journey: await journey.view(db(), userId, space.id),
		activity: await journey.activity(db(), userId, space.id, stage),
		assessment: assessment && {
			mine: assessment.mine ? (assessment.mine.submittedAt ? 'sealed' : 'draft') : 'none',
			revealed: assessment.comparison !== null
		}
	};
};

function step(event: RequestEvent, make: (stage: number) => journey.Step, asks = false) {
	const stage = stageOf(event.params);
	return act(event, confirmation, async (userId, { confirmed }) => {
		if (asks && !confirmed) return { confirming: true };
		const { happened } = await journey.act(db(), userId, event.params.spaceId, make(stage));
		const advanced = happened.find((h) => h.type === 'advanced');
		if (advanced) redirect(303, `/spaces/${event.params.spaceId}/stages/${advanced.to}`);
		return { stepped: true };
	});
}

export const actions: Actions = {
	ready: (event) => step(event, (stage) => ({ type: 'ready', stage })),
	unready: (event) => step(event, (stage) => ({ type: 'unready', stage })),
	// Going back moves both partners (and from rebuilding reopens a decision both made): asked first.
	back: (event) => step(event, (stage) => ({ type: 'back', to: stage }), true),
	choose: (event) =>
		act(event, journey.choiceInput, async (userId, { choice, note, round }) => {
			const { happened } = await journey.act(db(), userId, event.params.spaceId, {
				type: 'choose',
				choice,
				note,
				round
			});
			const revealed = happened.find((h) => h.type === 'revealed');
			if (revealed?.type === 'revealed' && revealed.outcome === 'stepped_back')
				redirect(303, `/spaces/${event.params.spaceId}/closing`);
			return { sealed: !revealed };
		}),
	showActivity: (event) =>
		act(event, journey.showActivityInput, async (userId, { shows }) => {
			await journey.setShowsActivity(db(), userId, event.params.spaceId, shows === 'yes');
			return { activitySaved: true };
		})
};

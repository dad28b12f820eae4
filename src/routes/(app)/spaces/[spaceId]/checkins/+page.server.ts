import { db } from '$lib/server/db';
import { randomString } from '$lib/server/auth/tokens';
import { act } from '$lib/server/forms';
import { orErrorPage } from '$lib/server/http';
import { allows } from '$lib/server/policy';
import * as checkins from '$lib/server/checkins';
import * as spaces from '$lib/server/spaces';
import * as agreements from '$lib/server/agreements';
import * as conversations from '$lib/server/conversations';
import { trend } from '$lib/domain/checkins';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const userId = locals.user!.id;
	const { space, me } = await orErrorPage(() =>
		spaces.context(db(), userId, params.spaceId, 'checkin.view')
	);
	const canManage = await allows(db(), userId, 'checkin.manage', space.id);
	const past = await checkins.history(db(), userId, space.id);
	// One line per partner for every 0–10 question, over the answers this person may see.
	const trends = past.schedules.flatMap((s) =>
		s.template.questions
			.filter((q) => q.type === 'scale')
			.map((q) => {
				const rows = s.occurrences.flatMap((o) =>
					o.answers
						.filter((a) => a.answers && a.sent)
						.map((a) => ({ userId: a.partnerId, day: o.day, answers: a.answers! }))
				);
				const lines = trend(q.id, rows);
				return {
					id: `${s.id}-${q.id}`,
					scheduleId: s.id,
					question: q.text,
					lines: past.partners
						.filter((p) => lines.has(p.id))
						.map((p) => ({ name: p.name, points: lines.get(p.id)! }))
				};
			})
			.filter((t) => t.lines.some((l) => l.points.length))
	);
	// Next to the answers: where the couple is, how agreements are kept, how often they talk.
	const weeks = (await agreements.consistency(db(), userId, space.id)).weeks;
	const recent = weeks.slice(-4);
	const logged = recent.reduce((n, w) => n + w.kept + w.partly + w.notKept, 0);
	const context = {
		stageName: space.stageName,
		conversations: (await conversations.list(db(), userId, space.id)).filter(
			(c) => c.state.status !== 'scheduled'
		).length,
		keptShare: logged ? recent.reduce((n, w) => n + w.kept, 0) / logged : null,
		logged
	};
	return {
		space,
		context,
		me: { ...me, userId },
		canManage,
		due:
			me.role === 'partner'
				? await checkins.dueFor(db(), userId, space.id)
				: { open: [], next: null },
		history: past,
		trends,
		// A week to show opened (?week=<schedule>.<day>), as a flag on the caseload links to it.
		openWeek: url.searchParams.get('week'),
		templates: canManage
			? (await checkins.templatesFor(db(), userId)).map((t) => ({ id: t.id, title: t.title }))
			: [],
		clientId: randomString()
	};
};

export const actions: Actions = {
	assign: (event) =>
		act(event, checkins.assignInput, async (userId, input) => {
			await checkins.assign(db(), userId, event.params.spaceId, input);
			return { assigned: true };
		}),
	pause: (event) =>
		act(event, checkins.pauseInput, async (userId, { scheduleId, paused }) => {
			await checkins.setPaused(db(), userId, event.params.spaceId, scheduleId, paused === 'yes');
			return { paused };
		}),
	reschedule: (event) =>
		act(event, checkins.rescheduleInput, async (userId, { scheduleId, ...when }) => {
			await checkins.reschedule(db(), userId, event.params.spaceId, scheduleId, when);
			return { rescheduled: true };
		})
};

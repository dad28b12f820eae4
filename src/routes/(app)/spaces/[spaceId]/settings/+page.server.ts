import { db } from '$lib/server/db';
import { act } from '$lib/server/forms';
import { orErrorPage } from '$lib/server/http';
import * as spaces from '$lib/server/spaces';
import { inviteActions } from '../invite-actions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const view = await orErrorPage(() => spaces.overview(db(), locals.user!.id, params.spaceId));
	return {
		space: { id: view.space.id, name: view.space.name, status: view.space.status },
		me: view.me,
		members: view.members,
		partnerCount: view.partnerCount,
		pendingCounselors: view.pendingCounselors,
		openInvites: view.openInvites
	};
};

export const actions: Actions = {
	...inviteActions,
	approveCounselor: (event) =>
		act(event, spaces.counselorInput, async (userId, { counselorId }) => ({
			outcome: await spaces.decideCounselor(
				db(),
				userId,
				event.params.spaceId,
				counselorId,
				'approved'
			)
		})),
	declineCounselor: (event) =>
		act(event, spaces.counselorInput, async (userId, { counselorId }) => ({
			outcome: await spaces.decideCounselor(
				db(),
				userId,
				event.params.spaceId,
				counselorId,
				'declined'
			)
		})),
	removeCounselor: (event) =>
		act(event, spaces.counselorInput, async (userId, { counselorId }) => {
			await spaces.removeCounselor(db(), userId, event.params.spaceId, counselorId);
			return { removed: true };
		}),
	setPerspective: (event) =>
		act(event, spaces.perspectiveInput, async (userId, { perspective }) => {
			await spaces.setPerspective(db(), userId, event.params.spaceId, perspective ?? null);
			return { perspectiveSaved: true };
		})
};

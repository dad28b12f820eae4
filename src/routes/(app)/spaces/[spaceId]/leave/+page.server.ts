import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { act } from '$lib/server/forms';
import * as accounts from '$lib/server/accounts';
import { orErrorPage } from '$lib/server/http';
import { authorize } from '$lib/server/policy';
import * as spaces from '$lib/server/spaces';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const { space, membership } = await orErrorPage(() =>
		authorize(db(), locals.user!.id, 'space.leave', params.spaceId)
	);
	const left = membership.status === 'left';
	return {
		space: { id: space.id, name: space.name },
		role: membership.role,
		pending: membership.status === 'pending',
		left,
		// A partner whose space has closed has nothing left to leave: only what they wrote to delete.
		gone: left || (membership.role === 'partner' && space.status !== 'active')
	};
};

export const actions: Actions = {
	default: (event) =>
		act(event, accounts.leaveInput, async (userId, { erase, password }) => {
			if (erase === 'yes')
				await accounts.leaveAndErase(db(), userId, event.params.spaceId, password ?? '');
			else await spaces.leave(db(), userId, event.params.spaceId);
			redirect(303, '/home');
		})
};

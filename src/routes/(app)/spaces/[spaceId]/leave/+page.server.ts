import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { failure } from '$lib/server/forms';
import { orErrorPage } from '$lib/server/http';
import { authorize } from '$lib/server/policy';
import * as spaces from '$lib/server/spaces';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	const { space, membership } = orErrorPage(() => authorize(db(), locals.user!.id, 'space.leave', params.spaceId));
	return { space: { id: space.id, name: space.name }, role: membership.role, pending: membership.status === 'pending' };
};

export const actions: Actions = {
	default: ({ locals, params }) => {
		if (!locals.user) return failure(new Error('no session'));
		try {
			spaces.leave(db(), locals.user.id, params.spaceId);
		} catch (error) {
			return failure(error);
		}
		redirect(303, '/home');
	}
};

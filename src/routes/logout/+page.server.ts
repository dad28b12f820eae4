import { redirect } from '@sveltejs/kit';
import * as accounts from '$lib/server/accounts';
import { db } from '$lib/server/db';
import { clearSessionCookie } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (!locals.user && !locals.locked) redirect(303, '/login');
};

export const actions: Actions = {
	default: async (event) => {
		// A locked device can be logged out too (someone else may need this browser).
		const sessionId = event.locals.session?.id ?? event.locals.locked?.sessionId;
		if (sessionId) await accounts.logOut(db(), sessionId);
		clearSessionCookie(event);
		redirect(303, '/login');
	}
};

import { redirect } from '@sveltejs/kit';
import * as accounts from '$lib/server/accounts';
import { db } from '$lib/server/db';
import { clearSessionCookie } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	if (!locals.user) redirect(303, '/login');
};

export const actions: Actions = {
	default: (event) => {
		if (event.locals.session) accounts.logOut(db(), event.locals.session.id);
		clearSessionCookie(event);
		redirect(303, '/login');
	}
};

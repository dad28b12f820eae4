import { redirect } from '@sveltejs/kit';
import * as accounts from '$lib/server/accounts';
import { db } from '$lib/server/db';
import { act } from '$lib/server/forms';
import { clearSessionCookie } from '$lib/server/http';
import * as spaces from '$lib/server/spaces';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const user = locals.user!;
	const open = (await spaces.listFor(db(), user.id)).filter(
		(s) => s.membership === 'active' && s.status === 'active'
	);
	return { kind: user.kind, openSpaces: open.length };
};

export const actions: Actions = {
	default: (event) =>
		act(event, accounts.confirmPasswordInput, async (userId, { password }) => {
			await accounts.deleteAccount(db(), userId, password);
			clearSessionCookie(event);
			redirect(303, '/goodbye');
		})
};

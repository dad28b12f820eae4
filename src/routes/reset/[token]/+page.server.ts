import { redirect } from '@sveltejs/kit';
import * as accounts from '$lib/server/accounts';
import { db } from '$lib/server/db';
import { failure, parseForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => ({
	link: await accounts.resetLinkState(db(), params.token)
});

export const actions: Actions = {
	default: async (event) => {
		const token = event.params.token;
		if ((await accounts.resetLinkState(db(), token)) === 'fresh') {
			const parsed = await parseForm(event.request, accounts.freshStartInput);
			if (!parsed.ok) return parsed.failure;
			try {
				await accounts.resetPassword(db(), token, parsed.data.newPassword, parsed.data);
			} catch (error) {
				return failure(error, parsed.form);
			}
		} else {
			const parsed = await parseForm(event.request, accounts.resetInput);
			if (!parsed.ok) return parsed.failure;
			try {
				await accounts.resetPassword(db(), token, parsed.data.newPassword);
			} catch (error) {
				return failure(error, parsed.form);
			}
		}
		redirect(303, '/login?reset=done');
	}
};

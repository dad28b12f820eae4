import { redirect } from '@sveltejs/kit';
import * as accounts from '$lib/server/accounts';
import { db } from '$lib/server/db';
import { failure } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

/**
 * The old address takes the account back. Opening the link only shows a button: a mail scanner
 * that opens every link must not undo a change its owner made.
 */
export const load: PageServerLoad = async ({ params }) => ({
	works: await accounts.undoLinkWorks(db(), params.token)
});

export const actions: Actions = {
	default: async ({ params }) => {
		try {
			await accounts.undoEmailChange(db(), params.token);
		} catch (error) {
			return failure(error);
		}
		redirect(303, '/forgot?email=back');
	}
};

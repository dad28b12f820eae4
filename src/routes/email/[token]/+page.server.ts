import * as accounts from '$lib/server/accounts';
import { db } from '$lib/server/db';
import { AppError } from '$lib/server/errors';
import type { PageServerLoad } from './$types';

/** Opening the link sent to a new address makes it the account's email. It logs nobody in. */
export const load: PageServerLoad = async ({ params, locals }) => {
	try {
		const { email } = await accounts.confirmEmailChange(db(), params.token);
		return { changed: true as const, email, signedIn: !!locals.user };
	} catch (error) {
		if (!(error instanceof AppError)) throw error;
		return { changed: false as const, problem: error.message, signedIn: !!locals.user };
	}
};

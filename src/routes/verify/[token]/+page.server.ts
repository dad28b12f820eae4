import * as accounts from '$lib/server/accounts';
import { db } from '$lib/server/db';
import type { PageServerLoad } from './$types';

/** Opening the mailed link confirms the address; it logs nobody in. */
export const load: PageServerLoad = ({ params, locals }) => ({
	confirmed: accounts.verifyEmail(db(), params.token) || !!locals.user?.emailVerified,
	signedIn: !!locals.user
});

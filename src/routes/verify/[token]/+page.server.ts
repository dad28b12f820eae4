import * as accounts from '$lib/server/accounts';
import { db } from '$lib/server/db';
import { AFTER_CONFIRMING, safeRedirectTarget } from '$lib/server/http';
import type { PageServerLoad } from './$types';

/**
 * Opening the mailed link confirms the address; it logs nobody in. In the browser the account
 * was made in, it leads on to where the person was going then (an invite, say).
 */
export const load: PageServerLoad = async ({ params, locals, cookies }) => {
	const confirmed =
		(await accounts.verifyEmail(db(), params.token)) || !!locals.user?.emailVerified;
	const next = safeRedirectTarget(cookies.get(AFTER_CONFIRMING));
	if (confirmed) cookies.delete(AFTER_CONFIRMING, { path: '/verify' });
	return {
		confirmed,
		signedIn: !!locals.user,
		next: locals.user ? next : `/login?redirectTo=${encodeURIComponent(next)}`
	};
};

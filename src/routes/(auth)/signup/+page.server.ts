import * as accounts from '$lib/server/accounts';
import { db } from '$lib/server/db';
import { failure, parseForm } from '$lib/server/forms';
import { rememberAfterConfirming, safeRedirectTarget } from '$lib/server/http';
import { zoneOptions } from '$lib/domain/time-zones';
import type { Actions, PageServerLoad } from './$types';

// Asked for only while the device's zone is unknown (no scripts): the list comes from here, so
// that it is the same on the page as sent and once scripts run.
export const load: PageServerLoad = () => ({ zones: zoneOptions(Date.now()) });

export const actions: Actions = {
	default: async (event) => {
		const parsed = await parseForm(event.request, accounts.signUpInput);
		if (!parsed.ok) return parsed.failure;
		try {
			await accounts.signUp(db(), parsed.data);
		} catch (error) {
			return failure(error, parsed.form);
		}
		const redirectTo = event.url.searchParams.get('redirectTo');
		if (redirectTo) rememberAfterConfirming(event, safeRedirectTarget(redirectTo));
		// The same answer whether or not the email already has an account.
		return { sentTo: parsed.data.email };
	}
};

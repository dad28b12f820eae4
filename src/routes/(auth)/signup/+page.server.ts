import { redirect } from '@sveltejs/kit';
import * as accounts from '$lib/server/accounts';
import { db } from '$lib/server/db';
import { failure, parseForm } from '$lib/server/forms';
import { clientOf, safeRedirectTarget, setDeviceCookie, setSessionCookie } from '$lib/server/http';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async (event) => {
		const parsed = await parseForm(event.request, accounts.signUpInput);
		if (!parsed.ok) return parsed.failure;
		let created;
		try {
			created = await accounts.signUp(db(), parsed.data, clientOf(event));
		} catch (error) {
			return failure(error, parsed.form);
		}
		setSessionCookie(event, created.token, created.expiresAt);
		setDeviceCookie(event, created.knownDevice);
		redirect(303, safeRedirectTarget(event.url.searchParams.get('redirectTo')));
	}
};

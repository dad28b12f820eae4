import { redirect } from '@sveltejs/kit';
import * as accounts from '$lib/server/accounts';
import { db } from '$lib/server/db';
import { failure, parseForm } from '$lib/server/forms';
import {
	clientOf,
	safeRedirectTarget,
	setDeviceCookie,
	setPendingLogInCookie,
	setSessionCookie
} from '$lib/server/http';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async (event) => {
		const parsed = await parseForm(event.request, accounts.logInInput);
		if (!parsed.ok) return parsed.failure;
		let result;
		try {
			result = await accounts.logIn(db(), parsed.data, clientOf(event));
		} catch (error) {
			return failure(error, parsed.form);
		}
		const redirectTo = event.url.searchParams.get('redirectTo');
		if (result.pending) {
			setPendingLogInCookie(event, result.pending.token, result.pending.expiresAt);
			const query = redirectTo ? `?redirectTo=${encodeURIComponent(redirectTo)}` : '';
			redirect(303, `/login/code${query}`);
		}
		setSessionCookie(event, result.token, result.expiresAt);
		setDeviceCookie(event, result.knownDevice);
		redirect(303, safeRedirectTarget(redirectTo));
	}
};

import { redirect } from '@sveltejs/kit';
import * as accounts from '$lib/server/accounts';
import { db } from '$lib/server/db';
import { AppError } from '$lib/server/errors';
import { failure, parseForm } from '$lib/server/forms';
import {
	clearPendingLogInCookie,
	clientOf,
	pendingLogInToken,
	safeRedirectTarget,
	setDeviceCookie,
	setSessionCookie
} from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

/** Back to the password, keeping where the person was going. */
function logInAgain(url: URL): string {
	const redirectTo = url.searchParams.get('redirectTo');
	return `/login?again${redirectTo ? `&redirectTo=${encodeURIComponent(redirectTo)}` : ''}`;
}

/** Only a log-in waiting for its code has anything to do here. */
export const load: PageServerLoad = async (event) => {
	if (!(await accounts.pendingLogInWorks(db(), pendingLogInToken(event)))) {
		clearPendingLogInCookie(event);
		redirect(303, logInAgain(event.url));
	}
	return { recovery: event.url.searchParams.has('recovery') };
};

export const actions: Actions = {
	default: async (event) => {
		const recovery = event.url.searchParams.has('recovery');
		const parsed = await parseForm(
			event.request,
			recovery ? accounts.recoveryStepInput : accounts.otpStepInput
		);
		if (!parsed.ok) return parsed.failure;
		let opened;
		try {
			opened = await accounts.finishLogIn(
				db(),
				pendingLogInToken(event),
				parsed.data,
				clientOf(event)
			);
		} catch (error) {
			if (!(error instanceof AppError && error.code === 'not_found')) return failure(error);
			clearPendingLogInCookie(event);
			redirect(303, logInAgain(event.url));
		}
		clearPendingLogInCookie(event);
		setSessionCookie(event, opened.token, opened.expiresAt);
		setDeviceCookie(event, opened.knownDevice);
		redirect(303, safeRedirectTarget(event.url.searchParams.get('redirectTo')));
	}
};

import { redirect } from '@sveltejs/kit';
import * as accounts from '$lib/server/accounts';
import { db } from '$lib/server/db';
import { failure, parseForm } from '$lib/server/forms';
import { AppError } from '$lib/server/errors';
import { safeRedirectTarget } from '$lib/server/http';
import { unlockPath } from '$lib/lock';
import type { Actions, PageServerLoad } from './$types';

const target = (url: URL) => safeRedirectTarget(url.searchParams.get('redirectTo'));

/** Only a locked device has anything to unlock; the page says nothing about whose it is. */
export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, target(url));
	if (!locals.locked) redirect(303, `/login?redirectTo=${encodeURIComponent(target(url))}`);
};

export const actions: Actions = {
	unlock: async (event) => {
		const locked = event.locals.locked;
		if (!locked) {
			if (event.locals.user) redirect(303, target(event.url));
			return failure(new AppError('unauthenticated'));
		}
		const parsed = await parseForm(event.request, accounts.unlockInput);
		if (!parsed.ok) return parsed.failure;
		try {
			await accounts.unlockDevice(db(), locked, parsed.data.password);
		} catch (error) {
			return failure(error);
		}
		redirect(303, target(event.url));
	},
	/** Quick exit and the idle timer lock this device (also asked for by a cookie, see $lib/lock). */
	lock: async (event) => {
		if (event.locals.session) await accounts.lockDevice(db(), event.locals.session.id);
		redirect(303, unlockPath(target(event.url)));
	}
};

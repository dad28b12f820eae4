import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { failure, parseForm } from '$lib/server/forms';
import { clientOf } from '$lib/server/http';
import * as spaces from '$lib/server/spaces';
import { normaliseCode } from '$lib/domain/spaces';
import { AppError } from '$lib/server/errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ signedIn: !!locals.user });

export const actions: Actions = {
	/**
	 * A code is checked here, where wrong guesses count; the page it leads to then shows the
	 * invite. Someone not logged in is first asked to create an account or log in.
	 */
	default: async (event) => {
		const parsed = await parseForm(event.request, spaces.codeInput);
		if (!parsed.ok) return parsed.failure;
		const code = normaliseCode(parsed.data.code);
		const path = `/join/${encodeURIComponent(code)}`;
		const user = event.locals.user;
		if (!user) redirect(303, path);
		try {
			const invite = await spaces.checkInvite(
				db(),
				user.id,
				code,
				Date.now(),
				clientOf(event).address
			);
			if (!invite)
				throw new AppError(
					'not_found',
					'We could not find that invite. Please check the code.',
					'code'
				);
		} catch (error) {
			return failure(error, parsed.form);
		}
		redirect(303, `${path}?checked=${spaces.inviteCodeCheck(user.id, code)}`);
	}
};

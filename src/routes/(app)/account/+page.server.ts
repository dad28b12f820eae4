import * as accounts from '$lib/server/accounts';
import { db } from '$lib/server/db';
import { failure, parseForm } from '$lib/server/forms';
import { clientOf } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const user = locals.user!;
	return { email: user.email, displayName: user.displayName, kind: user.kind };
};

export const actions: Actions = {
	changePassword: async (event) => {
		const { user, session } = event.locals;
		if (!user || !session) return failure(new Error('no session'));
		const parsed = await parseForm(event.request, accounts.changePasswordInput);
		if (!parsed.ok) return parsed.failure;
		try {
			const ended = await accounts.changePassword(db(), user.id, session.id, parsed.data, clientOf(event));
			return { changed: true, endedSessions: ended };
		} catch (error) {
			return failure(error, parsed.form);
		}
	}
};

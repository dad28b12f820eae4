import * as accounts from '$lib/server/accounts';
import { db } from '$lib/server/db';
import { failure, parseForm } from '$lib/server/forms';
import { clientOf } from '$lib/server/http';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async (event) => {
		const parsed = await parseForm(event.request, accounts.forgotInput);
		if (!parsed.ok) return parsed.failure;
		try {
			await accounts.requestReset(db(), parsed.data.email, clientOf(event));
		} catch (error) {
			return failure(error, parsed.form);
		}
		// The same answer whether or not an account has this email.
		return { sent: true, email: parsed.data.email };
	}
};

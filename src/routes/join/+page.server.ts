import { redirect } from '@sveltejs/kit';
import { parseForm } from '$lib/server/forms';
import * as spaces from '$lib/server/spaces';
import { normaliseCode } from '$lib/domain/spaces';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ signedIn: !!locals.user });

export const actions: Actions = {
	default: async ({ request }) => {
		const parsed = await parseForm(request, spaces.codeInput);
		if (!parsed.ok) return parsed.failure;
		redirect(303, `/join/${encodeURIComponent(normaliseCode(parsed.data.code))}`);
	}
};

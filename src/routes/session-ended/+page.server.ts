import { safeRedirectTarget } from '$lib/server/http';
import { keptWords } from '$lib/server/kept-words';
import type { Actions, PageServerLoad } from './$types';

// A form sent without scripts after its writer's session ended arrives here (see the guard in
// hooks.server.ts): its words are shown back, to copy, and are kept nowhere.
export const load: PageServerLoad = ({ url }) => ({
	back: safeRedirectTarget(url.searchParams.get('redirectTo'))
});

export const actions: Actions = {
	default: async ({ request }) => ({ words: await keptWords(request) })
};

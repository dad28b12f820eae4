import { db } from '$lib/server/db';
import { orErrorPage } from '$lib/server/http';
import * as spaces from '$lib/server/spaces';
import type { PageServerLoad } from './$types';

// Prompts start new notes, so this page is for those who can still write here. The prompts
// themselves are part of the page's own code: only the stage and perspective travel as data.
export const load: PageServerLoad = async ({ locals, params }) =>
	await orErrorPage(() => spaces.context(db(), locals.user!.id, params.spaceId, 'note.write'));

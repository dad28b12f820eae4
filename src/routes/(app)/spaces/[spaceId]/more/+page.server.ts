import { db } from '$lib/server/db';
import { orErrorPage } from '$lib/server/http';
import * as spaces from '$lib/server/spaces';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) =>
	await orErrorPage(() => spaces.context(db(), locals.user!.id, params.spaceId, 'space.view'));

import { db } from '$lib/server/db';
import { orErrorPage } from '$lib/server/http';
import * as journey from '$lib/server/journey';
import * as spaces from '$lib/server/spaces';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const userId = locals.user!.id;
	const { space, me } = await orErrorPage(() =>
		spaces.context(db(), userId, params.spaceId, 'journey.view')
	);
	return { space, me, journey: await journey.view(db(), userId, space.id) };
};

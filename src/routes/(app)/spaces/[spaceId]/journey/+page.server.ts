import { db } from '$lib/server/db';
import { orErrorPage } from '$lib/server/http';
import * as journey from '$lib/server/journey';
import * as spaces from '$lib/server/spaces';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	const userId = locals.user!.id;
	const { space, me } = orErrorPage(() =>
		spaces.context(db(), userId, params.spaceId, 'journey.view')
	);
	return { space, me, journey: journey.view(db(), userId, space.id) };
};

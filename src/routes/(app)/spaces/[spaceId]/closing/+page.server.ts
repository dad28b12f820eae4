import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { orErrorPage } from '$lib/server/http';
import * as journey from '$lib/server/journey';
import * as sharing from '$lib/server/sharing';
import * as spaces from '$lib/server/spaces';
import type { PageServerLoad } from './$types';

/** After a step-back: what happens now, for a partner. Others have no closing to go through. */
export const load: PageServerLoad = ({ locals, params }) => {
	const userId = locals.user!.id;
	const { space, me } = orErrorPage(() =>
		spaces.context(db(), userId, params.spaceId, 'note.read')
	);
	if (space.status !== 'closed') redirect(303, `/spaces/${space.id}`);
	const path = journey.view(db(), userId, space.id);
	const stillShared = sharing
		.mine(db(), userId, space.id)
		.filter((s) => s.withdrawnAt === null).length;
	return { space, me, rounds: path.rounds, closedReason: path.closedReason, stillShared };
};

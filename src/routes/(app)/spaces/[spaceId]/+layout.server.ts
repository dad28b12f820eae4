import { db } from '$lib/server/db';
import { allows, authorize } from '$lib/server/policy';
import * as journey from '$lib/server/journey';
import type { LayoutServerLoad } from './$types';

/**
 * What every page inside a space needs around it: which places to offer (for a member admitted
 * to it; nothing at all for anyone else), and a step forward this partner has not been greeted
 * for yet. A whole page that shows the greeting counts it as seen; a page loaded by scripts
 * (which may only be preloading) leaves that to the page, once it has shown it.
 */
export const load: LayoutServerLoad = async (event) => {
	const userId = event.locals.user!.id;
	const spaceId = event.params.spaceId;
	if (!(await allows(db(), userId, 'space.view', spaceId))) return { place: null, milestone: null };
	const { membership } = await authorize(db(), userId, 'space.view', spaceId);
	const milestone = (await allows(db(), userId, 'journey.view', spaceId))
		? await journey.milestones.unseen(db(), userId, spaceId)
		: null;
	if (milestone && !event.isDataRequest)
		await journey.milestones.acknowledge(db(), userId, spaceId, milestone.at);
	return {
		place: {
			id: spaceId,
			role: membership.role,
			/** Whether this device counts as here: an admitted member still taking part. */
			watches: membership.status === 'active'
		},
		milestone
	};
};

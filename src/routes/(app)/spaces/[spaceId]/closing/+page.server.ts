import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { orErrorPage } from '$lib/server/http';
import * as journey from '$lib/server/journey';
import * as sharing from '$lib/server/sharing';
import * as spaces from '$lib/server/spaces';
import type { PageServerLoad } from './$types';

/**
 * What happens now, once a space has closed, however it closed: a step back, a partner leaving
 * or deleting their account. Each partner (also one who left) gets their copy, what becomes of
 * what they shared, and support; a counselor still in the space, what stays theirs.
 */
export const load: PageServerLoad = async ({ locals, params }) => {
	const userId = locals.user!.id;
	const { space, me } = await orErrorPage(() =>
		spaces.context(db(), userId, params.spaceId, 'space.view')
	);
	if (space.status !== 'closed') redirect(303, `/spaces/${space.id}`);
	const path = await journey.view(db(), userId, space.id);
	const isPartner = me.role === 'partner';
	const stillShared = isPartner
		? (await sharing.mine(db(), userId, space.id)).filter((s) => s.withdrawnAt === null).length
		: 0;
	return {
		space,
		me,
		rounds: path.rounds,
		// Who closed it is said only to partners, and only as "you" or "your partner".
		closedBy: !isPartner
			? ('someone' as const)
			: path.closedReason === 'stepped_back'
				? ('step_back' as const)
				: me.status === 'left'
					? ('me' as const)
					: ('partner' as const),
		stillShared
	};
};

import { db } from '$lib/server/db';
import { act } from '$lib/server/forms';
import { orErrorPage } from '$lib/server/http';
import * as sharing from '$lib/server/sharing';
import * as spaces from '$lib/server/spaces';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const userId = locals.user!.id;
	const { space, me } = await orErrorPage(() =>
		spaces.context(db(), userId, params.spaceId, 'shared.view')
	);
	return {
		space,
		me,
		// Shown here in full, so from now on they count as opened (and leave "Waiting for you").
		received: await sharing.openReceived(db(), userId, space.id),
		// Counselors do not share from here; partners see everything they ever shared.
		mine: me.role === 'partner' ? await sharing.mine(db(), userId, space.id) : [],
		justShared: url.searchParams.has('shared')
	};
};

export const actions: Actions = {
	withdraw: (event) =>
		act(event, sharing.itemRef, async (userId, { itemId }) => {
			await sharing.withdraw(db(), userId, event.params.spaceId, itemId);
			return { withdrawn: itemId };
		}),
	acknowledge: (event) =>
		act(event, sharing.itemRef, async (userId, { itemId }) => {
			await sharing.acknowledge(db(), userId, event.params.spaceId, itemId);
			return { acknowledged: itemId };
		})
};

import { db } from '$lib/server/db';
import { orErrorPage } from '$lib/server/http';
import { allows } from '$lib/server/policy';
import * as conversations from '$lib/server/conversations';
import * as spaces from '$lib/server/spaces';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const userId = locals.user!.id;
	const { space, me } = await orErrorPage(() =>
		spaces.context(db(), userId, params.spaceId, 'conversation.view')
	);
	return {
		space,
		me,
		canStart: await allows(db(), userId, 'conversation.start', space.id),
		conversations: (await conversations.list(db(), userId, space.id)).map((c) => ({
			id: c.id,
			topic: c.topic,
			format: c.format,
			status: c.state.status,
			createdAt: c.createdAt.getTime(),
			scheduledFor: c.scheduledFor?.getTime() ?? null,
			events: c.state.seq
		}))
	};
};

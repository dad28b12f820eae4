import { db } from '$lib/server/db';
import { orErrorPage } from '$lib/server/http';
import * as notes from '$lib/server/notes';
import * as spaces from '$lib/server/spaces';
import { groupCounts, intensitySeries, type EmotionContent } from '$lib/domain/notes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const userId = locals.user!.id;
	const { space, me } = await orErrorPage(() =>
		spaces.context(db(), userId, params.spaceId, 'note.read')
	);
	const checkIns = (await notes.list(db(), userId, space.id, 'emotion')).map((n) => ({
		id: n.id,
		at: n.createdAt.getTime(),
		content: n.content as EmotionContent
	}));
	return { space, me, series: intensitySeries(checkIns), groups: groupCounts(checkIns) };
};

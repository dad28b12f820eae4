import { db } from '$lib/server/db';
import { orErrorPage } from '$lib/server/http';
import * as flash from '$lib/server/invite-flash';
import { allows } from '$lib/server/policy';
import * as presence from '$lib/server/realtime/presence';
import * as journey from '$lib/server/journey';
import { LAST_STAGE } from '$lib/domain/journey';
import { guideFor } from '$lib/domain/stage-guide';
import * as spaces from '$lib/server/spaces';
import { inviteActions } from './invite-actions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = event.locals.user!;
	const spaceId = event.params.spaceId;
	if (await allows(db(), user.id, 'space.awaitApproval', spaceId)) {
		return { mode: 'pending' as const, pending: await spaces.awaiting(db(), user.id, spaceId) };
	}
	const view = await orErrorPage(() => spaces.overview(db(), user.id, spaceId));
	const path = await journey.atAGlance(db(), user.id, spaceId);
	const online = await presence.onlineIn(spaceId);
	const fresh = flash.take(event, spaceId);
	return {
		mode: 'member' as const,
		view,
		journey: path,
		mainAction:
			(await allows(db(), user.id, 'journey.act', spaceId)) && !path.chosen
				? mainActionOf(path.stage, `/spaces/${spaceId}`)
				: null,
		online: [...new Set([...online, user.id])],
		newInvite: fresh
			? {
					role: 'partner' as const,
					link: flash.link(event.url.origin, fresh.token),
					code: fresh.code,
					expiresAt: fresh.expiresAt
				}
			: null
	};
};

/**
 * What the stage asks of a partner first: its first tool, or in stage 4 the choice itself.
 * Worked out here, so the stage guides' words stay out of the home page's scripts.
 */
function mainActionOf(stage: number, base: string) {
	if (stage === LAST_STAGE) return { name: 'Make your choice', href: `${base}/stages/${stage}` };
	const tool = guideFor(stage)?.tools[0];
	return tool ? { name: tool.name, href: tool.href(base) } : null;
}

export const actions: Actions = inviteActions;

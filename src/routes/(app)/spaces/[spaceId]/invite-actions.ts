import { db } from '$lib/server/db';
import { act } from '$lib/server/forms';
import * as flash from '$lib/server/invite-flash';
import * as spaces from '$lib/server/spaces';
import type { RequestEvent } from '@sveltejs/kit';

/**
 * Making and withdrawing invites, from the space home (the partner's) and from "This space"
 * (the counselor's): the same actions on both pages, so each form posts to its own page.
 */
export const inviteActions = {
	createInvite: (event: RequestEvent<{ spaceId: string }>) =>
		act(event, spaces.inviteRoleInput, async (userId, { role }) => {
			const invite = await spaces.issueInvite(db(), userId, event.params.spaceId, role);
			return {
				invite: {
					role,
					link: flash.link(event.url.origin, invite.token),
					code: invite.code,
					expiresAt: invite.expiresAt.getTime()
				}
			};
		}),
	revokeInvite: (event: RequestEvent<{ spaceId: string }>) =>
		act(event, spaces.inviteRoleInput, async (userId, { role }) => {
			await spaces.revokeInvite(db(), userId, event.params.spaceId, role);
			return { revoked: role };
		})
};

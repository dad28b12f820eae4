import { db } from '$lib/server/db';
import { act } from '$lib/server/forms';
import { orErrorPage } from '$lib/server/http';
import * as flash from '$lib/server/invite-flash';
import { allows } from '$lib/server/policy';
import * as presence from '$lib/server/realtime/presence';
import * as agreements from '$lib/server/agreements';
import * as journey from '$lib/server/journey';
import { REBUILDING } from '$lib/domain/journey';
import * as spaces from '$lib/server/spaces';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = event.locals.user!;
	const spaceId = event.params.spaceId;
	if (allows(db(), user.id, 'space.awaitApproval', spaceId)) {
		return { mode: 'pending' as const, pending: spaces.awaiting(db(), user.id, spaceId) };
	}
	const view = orErrorPage(() => spaces.overview(db(), user.id, spaceId));
	const path = journey.atAGlance(db(), user.id, spaceId);
	const online = await presence.onlineIn(spaceId);
	const fresh = flash.take(event, spaceId);
	return {
		mode: 'member' as const,
		view,
		journey: path,
		// In rebuilding, the home page keeps consistency over time in view.
		weeks: path.stage === REBUILDING ? agreements.consistency(db(), user.id, spaceId).weeks : [],
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

export const actions: Actions = {
	createInvite: (event) =>
		act(event, spaces.inviteRoleInput, (userId, { role }) => {
			const invite = spaces.issueInvite(db(), userId, event.params.spaceId, role);
			return {
				invite: {
					role,
					link: flash.link(event.url.origin, invite.token),
					code: invite.code,
					expiresAt: invite.expiresAt.getTime()
				}
			};
		}),
	revokeInvite: (event) =>
		act(event, spaces.inviteRoleInput, (userId, { role }) => {
			spaces.revokeInvite(db(), userId, event.params.spaceId, role);
			return { revoked: role };
		}),
	approveCounselor: (event) =>
		act(event, spaces.counselorInput, (userId, { counselorId }) => ({
			outcome: spaces.decideCounselor(db(), userId, event.params.spaceId, counselorId, 'approved')
		})),
	declineCounselor: (event) =>
		act(event, spaces.counselorInput, (userId, { counselorId }) => ({
			outcome: spaces.decideCounselor(db(), userId, event.params.spaceId, counselorId, 'declined')
		})),
	removeCounselor: (event) =>
		act(event, spaces.counselorInput, (userId, { counselorId }) => {
			spaces.removeCounselor(db(), userId, event.params.spaceId, counselorId);
			return { removed: true };
		}),
	setPerspective: (event) =>
		act(event, spaces.perspectiveInput, (userId, { perspective }) => {
			spaces.setPerspective(db(), userId, event.params.spaceId, perspective ?? null);
			return { perspectiveSaved: true };
		})
};

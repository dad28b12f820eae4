import { fail } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { log } from '$lib/server/log';
import * as notifications from '$lib/server/notifications';
import { groupLabels } from '$lib/domain/notifications';
import type { Actions, PageServerLoad } from './$types';

const NOT_A_LINK =
	'This link does not work. You can change what Trellis emails you on your account page.';

/**
 * The way out at the foot of every notification email, and the List-Unsubscribe address. It
 * works without logging in; opening it only shows a button (mail scanners open every link).
 */
export const load: PageServerLoad = ({ params }) => {
	const link = notifications.readUnsubscribe(params.token);
	return link
		? { works: true as const, groups: link.groups.map((g) => groupLabels[g]) }
		: { works: false as const };
};

export const actions: Actions = {
	default: async ({ params }) => {
		const link = notifications.readUnsubscribe(params.token);
		if (!link) return fail(404, { message: NOT_A_LINK });
		// An account that is gone has nothing left to stop; the answer is the same.
		await notifications.stopEmailIfAny(db(), link.userId, link.groups);
		log.info('notifications_unsubscribed', { groups: link.groups.length });
		return { stopped: true };
	}
};

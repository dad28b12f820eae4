import type { RequestHandler } from './$types';

/**
 * "Still here": sent at most once a minute while someone reads or types without sending
 * anything, so their device does not lock under them. Checking the session (in the hooks)
 * records the use; the answer says whether this device is open (204) or locked (423).
 */
export const POST: RequestHandler = ({ locals }) => {
	if (locals.user) return new Response(null, { status: 204 });
	return new Response(null, { status: locals.locked ? 423 : 401 });
};

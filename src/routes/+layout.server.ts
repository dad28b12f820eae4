import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => ({
	/** When this data was read (the server's clock): the live connection asks what changed since. */
	readAt: Date.now(),
	user: locals.user
		? {
				id: locals.user.id,
				displayName: locals.user.displayName,
				kind: locals.user.kind,
				timeZone: locals.user.timeZone
			}
		: null,
	/** This device is locked: the page shows nothing but the way to unlock it. */
	locked: locals.locked !== null,
	/** Minutes without use before this device locks itself (null: it does not). */
	lockAfterMinutes: locals.session?.lockAfterMinutes ?? null
});

import { json } from '@sveltejs/kit';
import { password, throttle } from '$lib/server/auth';
import { strengthInput } from '$lib/server/accounts';
import { buckets } from '$lib/server/buckets';
import { isSameOrigin } from '$lib/server/csrf';
import { clientOf } from '$lib/server/http';
import { defaultMessage } from '$lib/errors';
import type { RequestHandler } from './$types';

/**
 * The strength estimate beside a new-password field, asked for as the person types. It is asked
 * of the server rather than worked out in the browser: the dictionaries behind it weigh about
 * 840 kB compressed, too much to send to every phone that opens sign-up, while the server has
 * them loaded already, so the estimate is the very check the form meets when sent. The
 * password goes to the server that receives it anyway, over the same connection, and is
 * neither kept nor logged. Only our own pages may ask, a few times a second from one address
 * (a refusal only leaves the estimate as it was).
 */
const perAddress = buckets(60, 4);

export const POST: RequestHandler = async (event) => {
	if (!isSameOrigin(event.request, event.url.origin))
		return json({ message: defaultMessage.forbidden }, { status: 403 });
	const { address } = clientOf(event);
	if (throttle.isKnownAddress(address) && !perAddress.take(address))
		return json({ message: defaultMessage.rate_limited }, { status: 429 });
	const parsed = strengthInput.safeParse(await event.request.json().catch(() => null));
	if (!parsed.success) return json({ message: defaultMessage.invalid }, { status: 400 });
	const { password: typed, email, displayName } = parsed.data;
	// On the account page the person's own email and name are the words to avoid.
	const user = event.locals.user;
	const about = { email: email || user?.email, displayName: displayName || user?.displayName };
	return json(await password.estimate(typed, about));
};

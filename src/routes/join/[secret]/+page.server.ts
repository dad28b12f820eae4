import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { failure, parseForm } from '$lib/server/forms';
import { clientOf, orErrorPage } from '$lib/server/http';
import * as spaces from '$lib/server/spaces';
import { needsSupport } from '$lib/domain/spaces';
import { sendVerificationAgain } from '$lib/server/confirm-email';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { locals, params, url } = event;
	const back = encodeURIComponent(url.pathname);
	if (!locals.user)
		return (await spaces.inviteLinkIsSpent(db(), params.secret, Date.now()))
			? { mode: 'spent' as const, back }
			: { mode: 'visitor' as const, back };
	const user = locals.user;
	// A short code is shown only once the code form checked it (counting wrong guesses), or
	// after this page's own form was sent (which counts them too): opening a page counts nothing.
	const proof = url.searchParams.get('checked') ?? '';
	const checked =
		event.request.method === 'POST' ||
		(proof !== '' && spaces.inviteCodeWasChecked(user.id, params.secret, proof));
	if (spaces.isInviteCode(params.secret) && !checked)
		return {
			mode: 'check' as const,
			back,
			code: params.secret.slice(0, 64)
		};
	const preview = await orErrorPage(() =>
		spaces.previewInvite(db(), user, params.secret, Date.now(), clientOf(event).address, checked)
	);
	return {
		mode: 'signed-in' as const,
		back,
		preview,
		kind: user.kind,
		email: user.email,
		emailVerified: user.emailVerified
	};
};

export const actions: Actions = {
	sendVerification: sendVerificationAgain,
	join: async (event) => {
		const { locals, params, request } = event;
		const user = locals.user;
		if (!user) redirect(303, `/login?redirectTo=${encodeURIComponent(`/join/${params.secret}`)}`);
		const parsed = await parseForm(request, spaces.joinInput);
		if (!parsed.ok) return parsed.failure;
		let joined;
		try {
			joined = await spaces.join(
				db(),
				user,
				params.secret,
				parsed.data,
				Date.now(),
				clientOf(event).address
			);
		} catch (error) {
			return failure(error, parsed.form);
		}
		redirect(
			303,
			needsSupport(parsed.data.safety)
				? `/spaces/${joined.spaceId}/safety`
				: `/spaces/${joined.spaceId}`
		);
	}
};

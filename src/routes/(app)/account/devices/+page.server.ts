import { redirect } from '@sveltejs/kit';
import * as accounts from '$lib/server/accounts';
import { sessions } from '$lib/server/auth';
import { db } from '$lib/server/db';
import { failure, parseForm } from '$lib/server/forms';
import { clearSessionCookie } from '$lib/server/http';
import { timeAgo } from '$lib/time';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const user = locals.user!;
	const now = Date.now();
	return {
		devices: (await sessions.listOf(db(), user.id, now)).map((s) => ({
			id: s.id,
			device: s.device,
			lastActive: timeAgo(s.lastActiveAt, now),
			since: timeAgo(s.createdAt, now),
			current: s.id === locals.session?.id
		}))
	};
};

export const actions: Actions = {
	end: async (event) => {
		const { user } = event.locals;
		if (!user) return failure(new Error('no session'));
		const parsed = await parseForm(event.request, accounts.endSessionInput);
		if (!parsed.ok) return parsed.failure;
		try {
			await accounts.endDevice(db(), user.id, parsed.data.sessionId);
		} catch (error) {
			return failure(error);
		}
		if (parsed.data.sessionId === event.locals.session?.id) {
			clearSessionCookie(event);
			redirect(303, '/login');
		}
		return { ended: true };
	},
	everywhere: async (event) => {
		const { user } = event.locals;
		if (!user) return failure(new Error('no session'));
		await accounts.logOutEverywhere(db(), user.id);
		clearSessionCookie(event);
		redirect(303, '/login');
	}
};

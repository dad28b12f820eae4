import { redirect } from '@sveltejs/kit';
import * as accounts from '$lib/server/accounts';
import { sendVerificationAgain } from '$lib/server/confirm-email';
import { db } from '$lib/server/db';
import { randomString } from '$lib/server/auth/tokens';
import { failure, parseForm } from '$lib/server/forms';
import * as flash from '$lib/server/invite-flash';
import * as spaces from '$lib/server/spaces';
import { caseload } from '$lib/server/caseload';
import { act } from '$lib/server/forms';
import { defaultSort, sortCaseload, sortKeys } from '$lib/caseload';
import { z } from 'zod';
import * as counselorNotes from '$lib/server/counselor-notes';
import { waitingFor } from '$lib/server/waiting';
import { needsSupport } from '$lib/domain/spaces';
import type { Actions, PageServerLoad } from './$types';

/** The caseload's order, from links in its column headings (?sort=…&dir=…); anything else: the default. */
const sortQuery = z.object({
	sort: z.enum(sortKeys).catch(defaultSort.key),
	dir: z.enum(['asc', 'desc']).catch(defaultSort.dir)
});

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = locals.user!;
	const mine = await spaces.listFor(db(), user.id);
	const sort = sortQuery.parse({
		sort: url.searchParams.get('sort') ?? undefined,
		dir: url.searchParams.get('dir') ?? undefined
	});
	return {
		// Starting a space: a fresh id per page, so the form sent twice starts one space.
		formId: `s-${randomString()}`,
		displayName: user.displayName,
		kind: user.kind,
		email: user.email,
		emailVerified: user.emailVerified,
		// Counselors hold what couples share with them: they are asked, gently, to protect it.
		suggestTwoStep: user.kind === 'counselor' && !(await accounts.twoStepIsOn(db(), user.id)),
		spaces: mine,
		caseload:
			user.kind === 'counselor'
				? sortCaseload(await caseload(db(), user.id), sort.sort, sort.dir)
				: [],
		sort: { key: sort.sort, dir: sort.dir },
		// A counselor's request that ended, or a counselor one approved who will not join.
		notices: await spaces.declineNotices(db(), user.id),
		formerNotes:
			user.kind === 'counselor' ? await counselorNotes.keptFromFormerSpaces(db(), user.id) : [],
		// What waits for this person in each space they take part in: counts and links, no content.
		waiting: await waitingFor(
			db(),
			user.id,
			mine.filter((s) => s.membership === 'active' && s.status === 'active').map((s) => s.id)
		)
	};
};

export const actions: Actions = {
	sendVerification: sendVerificationAgain,
	dismissNotice: (event) =>
		act(event, spaces.dismissNoticeInput, async (userId, input) => {
			await spaces.dismissNotice(db(), userId, input);
			return { dismissed: true };
		}),
	createSpace: async (event) => {
		const user = event.locals.user;
		if (!user) return failure(new Error('no session'));
		const parsed = await parseForm(event.request, spaces.createSpaceInput);
		if (!parsed.ok) return parsed.failure;
		let created;
		try {
			created = await spaces.create(db(), user, parsed.data);
		} catch (error) {
			return failure(error, parsed.form);
		}
		if (created.invite) flash.put(event, created.spaceId, created.invite);
		redirect(
			303,
			needsSupport(parsed.data.safety)
				? `/spaces/${created.spaceId}/safety`
				: `/spaces/${created.spaceId}`
		);
	}
};

import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { AppError } from '$lib/server/errors';
import { act } from '$lib/server/forms';
import { orErrorPage } from '$lib/server/http';
import * as agreements from '$lib/server/agreements';
import * as spaces from '$lib/server/spaces';
import { activeVersion, pendingVersion, type Agreement } from '$lib/domain/agreements';
import type { Actions, PageServerLoad } from './$types';

/** A proposal from the other partner is answered with a suggestion; an agreement in force is revised. */
function modeOf(a: Agreement, userId: string) {
	const pending = pendingVersion(a);
	if (pending)
		return pending.proposedBy === userId ? null : { mode: 'suggest' as const, from: pending };
	const active = activeVersion(a);
	return active && a.retiredAt === null ? { mode: 'revise' as const, from: active } : null;
}

export const load: PageServerLoad = async ({ locals, params }) => {
	const userId = locals.user!.id;
	const { space } = await orErrorPage(() =>
		spaces.context(db(), userId, params.spaceId, 'agreement.act')
	);
	const found = await orErrorPage(() => agreements.get(db(), userId, space.id, params.agreementId));
	const how = modeOf(found.agreement, userId);
	// Nothing to change right now (say, one's own proposal is waiting): the page says so, and
	// still shows what was typed if a change was just refused for that reason.
	return {
		space,
		agreementId: found.id,
		mode: how?.mode ?? null,
		version: how?.from.number ?? null,
		values: how
			? {
					title: how.from.title,
					details: how.from.details,
					forWhom: agreements.forWhomOf(how.from, userId),
					reviewOn: how.from.reviewOn ?? ''
				}
			: null
	};
};

export const actions: Actions = {
	default: (event) =>
		act(event, agreements.suggestInput, async (userId, input) => {
			const { spaceId, agreementId } = event.params;
			const terms = agreements.termsFrom(input);
			const { agreement } = await agreements.get(db(), userId, spaceId, agreementId);
			const how = modeOf(agreement, userId);
			// A change sent twice finds its own proposal waiting: the second send changes nothing.
			const waiting = pendingVersion(agreement);
			const sentAlready =
				!how &&
				waiting?.proposedBy === userId &&
				(['title', 'details', 'appliesTo', 'reviewOn'] as const).every(
					(k) => waiting[k] === terms[k]
				);
			if (sentAlready) redirect(303, `/spaces/${spaceId}/agreements/${agreementId}`);
			// The form was for one version; if another has come (or gone) since, nothing is sent
			// until the person has seen where the agreement stands now.
			if (!how || how.from.number !== input.version)
				throw new AppError(
					'conflict',
					'This agreement changed while you were writing. Please look at where it stands now; what you wrote is still here, to send again or change.'
				);
			const command =
				how.mode === 'suggest'
					? { type: 'suggest' as const, version: input.version, terms }
					: { type: 'revise' as const, terms };
			await agreements.act(db(), userId, spaceId, agreementId, command);
			redirect(303, `/spaces/${spaceId}/agreements/${agreementId}`);
		})
};

import { z } from 'zod';
import { db } from '$lib/server/db';
import { randomString } from '$lib/server/auth/tokens';
import { act } from '$lib/server/forms';
import { orErrorPage } from '$lib/server/http';
import * as agreements from '$lib/server/agreements';
import * as spaces from '$lib/server/spaces';
import * as members from '$lib/server/spaces/members';
import { allows } from '$lib/server/policy';
import { weeklyKeeping, type Command } from '$lib/domain/agreements';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const userId = locals.user!.id;
	const { space, me } = await orErrorPage(() =>
		spaces.context(db(), userId, params.spaceId, 'agreement.view')
	);
	const found = await orErrorPage(() => agreements.get(db(), userId, space.id, params.agreementId));
	const record = await agreements.record(db(), userId, space.id, found.id);
	return {
		space,
		me,
		canAct: await allows(db(), userId, 'agreement.act', space.id),
		agreement: {
			id: found.id,
			...agreements.present(
				found.agreement,
				userId,
				await members.partnerNames(db(), space.id),
				space.status === 'active'
			)
		},
		record: record.reverse(),
		weeks: weeklyKeeping(record),
		clientId: randomString()
	};
};

/** One step in the agreement's life, from a form that names the version it answers. */
function step<S extends z.ZodType>(schema: S, command: (input: z.output<S>) => Command) {
	return (event: RequestEvent) =>
		act(event, schema, async (userId, input) => {
			await agreements.act(
				db(),
				userId,
				event.params.spaceId,
				event.params.agreementId,
				command(input)
			);
			return { done: command(input).type };
		});
}

const none = z.object({});

export const actions: Actions = {
	accept: step(agreements.versionRef, ({ version }) => ({ type: 'accept', version })),
	decline: step(agreements.declineInput, ({ version, note }) => ({
		type: 'decline',
		version,
		note
	})),
	withdrawProposal: step(agreements.versionRef, ({ version }) => ({ type: 'withdraw', version })),
	requestRetire: step(none, () => ({ type: 'requestRetire' })),
	acceptRetire: step(none, () => ({ type: 'acceptRetire' })),
	cancelRetire: step(none, () => ({ type: 'cancelRetire' })),
	logKeeping: (event) =>
		act(event, agreements.keepingInput, async (userId, input) => {
			await agreements.logKeeping(
				db(),
				userId,
				event.params.spaceId,
				event.params.agreementId,
				input
			);
			return { done: 'logKeeping' };
		})
};

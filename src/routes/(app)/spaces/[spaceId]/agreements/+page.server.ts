import { db } from '$lib/server/db';
import { orErrorPage } from '$lib/server/http';
import * as agreements from '$lib/server/agreements';
import * as spaces from '$lib/server/spaces';
import * as members from '$lib/server/spaces/members';
import { allows } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const userId = locals.user!.id;
	const { space, me } = await orErrorPage(() =>
		spaces.context(db(), userId, params.spaceId, 'agreement.view')
	);
	const names = await members.partnerNames(db(), space.id);
	const { weeks, logs } = await agreements.consistency(db(), userId, space.id);
	return {
		space,
		me,
		canAct: await allows(db(), userId, 'agreement.act', space.id),
		agreements: (await agreements.list(db(), userId, space.id)).map((a) => ({
			id: a.id,
			...agreements.present(a.agreement, userId, names, space.status === 'active'),
			awaits: a.awaits,
			logCount: logs.filter((l) => l.agreementId === a.id).length
		})),
		weeks
	};
};

import { db } from '$lib/server/db';
import { spaceExport } from '$lib/server/export';
import { orErrorPage } from '$lib/server/http';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => ({
	export: await orErrorPage(() => spaceExport(db(), locals.user!.id, params.spaceId))
});

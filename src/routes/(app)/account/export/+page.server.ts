import { db } from '$lib/server/db';
import { accountExport } from '$lib/server/export';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	export: await accountExport(db(), locals.user!.id)
});

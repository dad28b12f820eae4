import { db } from '$lib/server/db';
import { accountExport } from '$lib/server/export';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({
	export: accountExport(db(), locals.user!.id)
});

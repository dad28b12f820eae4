import { db } from '$lib/server/db';
import { accountExport } from '$lib/server/export';
import type { RequestHandler } from './$types';

/** Everything this person may see, as one JSON file (its shape is described in the README). */
export const GET: RequestHandler = async ({ locals }) => {
	const data = await accountExport(db(), locals.user!.id);
	return new Response(JSON.stringify(data, null, 2), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="trellis-${data.exportedAt!.slice(0, 10)}.json"`
		}
	});
};

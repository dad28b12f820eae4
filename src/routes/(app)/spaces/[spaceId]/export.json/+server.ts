import { db } from '$lib/server/db';
import { spaceExport } from '$lib/server/export';
import { orErrorPage } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** One's own data in a space, as a JSON file to keep. */
export const GET: RequestHandler = ({ locals, params }) => {
	const data = orErrorPage(() => spaceExport(db(), locals.user!.id, params.spaceId));
	const day = data.exportedAt!.slice(0, 10);
	return new Response(JSON.stringify(data, null, 2), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="trellis-${day}.json"`
		}
	});
};

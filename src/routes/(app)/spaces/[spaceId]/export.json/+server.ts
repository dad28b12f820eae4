import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { AppError } from '$lib/server/errors';
import { spaceExport } from '$lib/server/export';
import type { RequestHandler } from './$types';

/**
 * One's own data in a space, as a JSON file to keep. Anyone whose data it is not (a stranger, or
 * the couple's counselor) finds no such page, as with any space they cannot see.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
	let data;
	try {
		data = await spaceExport(db(), locals.user!.id, params.spaceId);
	} catch (e) {
		if (e instanceof AppError) error(404, 'We could not find that page.');
		throw e;
	}
	const day = data.exportedAt!.slice(0, 10);
	return new Response(JSON.stringify(data, null, 2), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="trellis-${day}.json"`
		}
	});
};

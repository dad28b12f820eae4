import { json } from '@sveltejs/kit';
import { connection } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** 200 only when the database answers a query; 503 otherwise. */
export const GET: RequestHandler = () => {
	try {
		const row = connection().sqlite.prepare('select 1 as ok').get() as { ok: number } | undefined;
		if (row?.ok !== 1) throw new Error('unexpected answer');
		return json({ status: 'ok', database: 'ok' });
	} catch {
		return json({ status: 'unavailable', database: 'unreachable' }, { status: 503 });
	}
};

import { json } from '@sveltejs/kit';
import { db, ping } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** 200 only when the database answers a query; 503 otherwise. */
export const GET: RequestHandler = async () => {
	try {
		if (!(await ping(db()))) throw new Error('unexpected answer');
		return json({ status: 'ok', database: 'ok' });
	} catch {
		return json({ status: 'unavailable', database: 'unreachable' }, { status: 503 });
	}
};

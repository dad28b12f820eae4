import { z } from 'zod';
import { safeRedirectTarget } from '$lib/server/http';
import type { PageServerLoad } from './$types';

// Browsers send no referrer here (Referrer-Policy: no-referrer), so links to this page say
// where they came from; only a path on this site is accepted, anything else is ignored.
const fromParam = z.string().max(500).catch('');

export const load: PageServerLoad = ({ url }) => {
	const from = safeRedirectTarget(fromParam.parse(url.searchParams.get('from') ?? ''), '');
	return { from: from.startsWith('/breathe') ? '' : from };
};

import { z } from 'zod';
import { db } from '$lib/server/db';
import { orErrorPage } from '$lib/server/http';
import * as journey from '$lib/server/journey';
import type { RequestHandler } from './$types';

const seenInput = z.strictObject({ at: z.coerce.number().int().min(0).max(8.64e15) });

/** "I have been shown the step forward of `at`": sent by a page once it has shown it. */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	const parsed = seenInput.safeParse(
		Object.fromEntries(await request.formData().catch(() => new FormData()))
	);
	if (!parsed.success)
		return new Response('Please send the moment that was shown.', { status: 400 });
	await orErrorPage(() =>
		journey.milestones.acknowledge(db(), locals.user!.id, params.spaceId, parsed.data.at)
	);
	return new Response(null, { status: 204 });
};

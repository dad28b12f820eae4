import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { randomString } from '$lib/server/auth/tokens';
import { act } from '$lib/server/forms';
import { orErrorPage } from '$lib/server/http';
import * as notes from '$lib/server/notes';
import * as sharing from '$lib/server/sharing';
import * as spaces from '$lib/server/spaces';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const userId = locals.user!.id;
	const { space } = await orErrorPage(() =>
		spaces.context(db(), userId, params.spaceId, 'share.create')
	);
	const note = await orErrorPage(() => notes.get(db(), userId, space.id, params.noteId));
	return {
		space,
		note: { id: note.id, kind: note.kind, content: note.content },
		open: await sharing.audiencesOpen(db(), space.id),
		clientId: randomString()
	};
};

export const actions: Actions = {
	default: (event) =>
		act(event, sharing.shareInput, async (userId, input) => {
			await sharing.share(db(), userId, event.params.spaceId, event.params.noteId, input);
			redirect(303, `/spaces/${event.params.spaceId}/shared?shared=1`);
		})
};

import { db } from '$lib/server/db';
import { randomString } from '$lib/server/auth/tokens';
import { act } from '$lib/server/forms';
import { confirmation } from '$lib/server/forms-schemas';
import { orErrorPage } from '$lib/server/http';
import * as counselorNotes from '$lib/server/counselor-notes';
import * as spaces from '$lib/server/spaces';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const userId = locals.user!.id;
	const { space, me } = await orErrorPage(() =>
		spaces.context(db(), userId, params.spaceId, 'counselorNote.read')
	);
	return {
		// Out of the space, its name is all they still see of it (not where the couple are now).
		space: me.status === 'active' ? space : { id: space.id, name: space.name },
		me,
		notes: (await counselorNotes.list(db(), userId, space.id)).map((n) => ({
			id: n.id,
			body: n.body,
			createdAt: n.createdAt.getTime(),
			editedAt: n.updatedAt.getTime() > n.createdAt.getTime() ? n.updatedAt.getTime() : null
		})),
		// Which note is open to edit (?edit=…): a link, so it works without scripts.
		editing: me.canWrite ? url.searchParams.get('edit') : null,
		clientId: randomString()
	};
};

const deleteInput = counselorNotes.noteRef.extend(confirmation.shape);

export const actions: Actions = {
	save: (event) =>
		act(event, counselorNotes.newNoteInput, async (userId, input) => {
			await counselorNotes.create(db(), userId, event.params.spaceId, input);
			return { saved: true };
		}),
	edit: (event) =>
		act(event, counselorNotes.editNoteInput, async (userId, input) => {
			await counselorNotes.update(db(), userId, event.params.spaceId, input);
			return { edited: input.noteId };
		}),
	// A deleted note is gone for good: the first press asks, about one's own note only.
	delete: (event) =>
		act(event, deleteInput, async (userId, { noteId, confirmed }) => {
			if (!confirmed) {
				const mine = await counselorNotes.list(db(), userId, event.params.spaceId);
				return { confirmDelete: mine.some((n) => n.id === noteId) ? noteId : null };
			}
			await counselorNotes.remove(db(), userId, event.params.spaceId, noteId);
			return { deleted: true };
		})
};

import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { act } from '$lib/server/forms';
import { orErrorPage } from '$lib/server/http';
import * as notes from '$lib/server/notes';
import * as sharing from '$lib/server/sharing';
import * as spaces from '$lib/server/spaces';
import { promptById } from '$lib/domain/prompts';
import { draftText, noteTypeOf } from '$lib/domain/notes';
import { copiesText } from '$lib/domain/sharing';
import type { Actions, PageServerLoad } from './$types';

/** A saved note, to read. Changing it is a link away (`edit`); only its author ever gets here. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const userId = locals.user!.id;
	const { space, me } = await orErrorPage(() =>
		spaces.context(db(), userId, params.spaceId, 'note.read')
	);
	const note = await orErrorPage(() => notes.get(db(), userId, space.id, params.noteId));
	const draft = await notes.drafts.get(db(), userId, space.id, `edit-${note.id}`);
	const content = note.content;
	const promptId = content.kind === 'journal' ? content.promptId : null;
	const prompt = promptId ? promptById(promptId, me.perspective) : null;
	return {
		space,
		me,
		note: {
			id: note.id,
			kind: note.kind,
			type: noteTypeOf(note.kind, promptId),
			content,
			createdAt: note.createdAt.getTime(),
			updatedAt: note.updatedAt.getTime()
		},
		prompt: prompt && { title: prompt.title, text: prompt.text },
		copies: copiesText((await sharing.copiesOf(db(), userId, space.id, [note.id])).get(note.id)),
		// Changes begun and not saved yet wait in the editor; in a closed space, where they can
		// no longer be saved, they are shown here as they were typed.
		unsavedSince: draft?.savedAt ?? null,
		draftText: draft && !me.canWrite ? draftText(draft.fields) : null,
		saved: url.searchParams.has('saved')
	};
};

export const actions: Actions = {
	delete: (event) =>
		act(event, notes.noteRef, async (userId, { noteId }) => {
			await notes.remove(db(), userId, event.params.spaceId, noteId);
			redirect(303, `/spaces/${event.params.spaceId}/journal?deleted=1`);
		})
};

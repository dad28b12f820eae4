import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { act, failure } from '$lib/server/forms';
import { AppError } from '$lib/server/errors';
import { orErrorPage } from '$lib/server/http';
import * as notes from '$lib/server/notes';
import * as spaces from '$lib/server/spaces';
import { promptById } from '$lib/domain/prompts';
import { draftText, type NoteKind } from '$lib/domain/notes';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) => {
	const userId = locals.user!.id;
	const { space, me } = orErrorPage(() =>
		spaces.context(db(), userId, params.spaceId, 'note.read')
	);
	const note = orErrorPage(() => notes.get(db(), userId, space.id, params.noteId));
	const draftKey = `edit-${note.id}`;
	const draft = notes.drafts.get(db(), userId, space.id, draftKey);
	const content = note.content;
	const prompt =
		content.kind === 'journal' && content.promptId
			? promptById(content.promptId, me.perspective)
			: null;
	return {
		space,
		me,
		note: {
			id: note.id,
			kind: note.kind,
			content,
			createdAt: note.createdAt.getTime(),
			updatedAt: note.updatedAt.getTime()
		},
		prompt: prompt && { id: prompt.id, title: prompt.title, text: prompt.text },
		draftKey,
		draft,
		// In a closed space a draft can no longer be saved: it is shown as it was typed.
		draftText: draft && !me.canWrite ? draftText(draft.fields) : null,
		saved: url.searchParams.has('saved')
	};
};

export const actions: Actions = {
	save: async (event) => {
		// The kind comes from the stored note, never from the form.
		let kind: NoteKind;
		try {
			kind = notes.get(db(), event.locals.user?.id, event.params.spaceId, event.params.noteId).kind;
		} catch (error) {
			return failure(error);
		}
		return act(event, notes.editInput(kind), (id, { content, seen }) => {
			notes.update(db(), id, event.params.spaceId, event.params.noteId, content, seen);
			return { updated: true };
		});
	},
	saveDraft: (event) =>
		act(event, notes.draftInput, (userId, { draftKey, fields }) => {
			if (draftKey !== `edit-${event.params.noteId}`)
				throw new AppError('invalid', 'That draft belongs to another form.');
			return notes.drafts.save(db(), userId, event.params.spaceId, draftKey, fields);
		}),
	delete: (event) =>
		act(event, notes.noteRef, (userId, { noteId }) => {
			notes.remove(db(), userId, event.params.spaceId, noteId);
			redirect(303, `/spaces/${event.params.spaceId}/journal?deleted=1`);
		})
};

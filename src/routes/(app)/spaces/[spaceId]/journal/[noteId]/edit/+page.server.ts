import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { act, failure } from '$lib/server/forms';
import { AppError } from '$lib/server/errors';
import { orErrorPage } from '$lib/server/http';
import * as notes from '$lib/server/notes';
import * as spaces from '$lib/server/spaces';
import { promptById } from '$lib/domain/prompts';
import { noteTypeOf, type NoteKind } from '$lib/domain/notes';
import type { Actions, PageServerLoad } from './$types';

/** Changing a saved note: its fields, kept as a draft while typed. Its author's alone. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const userId = locals.user!.id;
	const { space, me } = await orErrorPage(() =>
		spaces.context(db(), userId, params.spaceId, 'note.read')
	);
	const note = await orErrorPage(() => notes.get(db(), userId, space.id, params.noteId));
	// A closed space keeps its notes as they are: they can be read, not changed.
	if (!me.canWrite) redirect(303, `/spaces/${space.id}/journal/${note.id}`);
	const draftKey = `edit-${note.id}`;
	const content = note.content;
	const promptId = content.kind === 'journal' ? content.promptId : null;
	const prompt = promptId ? promptById(promptId, me.perspective) : null;
	return {
		space,
		note: {
			id: note.id,
			kind: note.kind,
			type: noteTypeOf(note.kind, promptId),
			content,
			createdAt: note.createdAt.getTime(),
			updatedAt: note.updatedAt.getTime()
		},
		prompt: prompt && { id: prompt.id, title: prompt.title, text: prompt.text },
		draftKey,
		draft: await notes.drafts.get(db(), userId, space.id, draftKey)
	};
};

const readView = (spaceId: string, noteId: string) => `/spaces/${spaceId}/journal/${noteId}`;

export const actions: Actions = {
	save: async (event) => {
		// The kind comes from the stored note, never from the form.
		let kind: NoteKind;
		try {
			kind = (
				await notes.get(db(), event.locals.user?.id, event.params.spaceId, event.params.noteId)
			).kind;
		} catch (error) {
			return failure(error);
		}
		return act(event, notes.editInput(kind), async (id, { content, seen }) => {
			await notes.update(db(), id, event.params.spaceId, event.params.noteId, content, seen);
			redirect(303, `${readView(event.params.spaceId, event.params.noteId)}?saved=1`);
		});
	},
	saveDraft: (event) =>
		act(event, notes.draftInput, async (userId, { draftKey, fields }) => {
			if (draftKey !== `edit-${event.params.noteId}`)
				throw new AppError('invalid', 'That draft belongs to another form.');
			return await notes.drafts.save(db(), userId, event.params.spaceId, draftKey, fields);
		}),
	// Changes one decided against: the note stays as it was saved.
	discardDraft: (event) =>
		act(event, z.object({ draftKey: notes.draftKey }), async (userId, { draftKey }) => {
			if (draftKey !== `edit-${event.params.noteId}`)
				throw new AppError('invalid', 'That draft belongs to another form.');
			await notes.get(db(), userId, event.params.spaceId, event.params.noteId);
			await notes.drafts.discard(db(), userId, event.params.spaceId, draftKey);
			redirect(303, readView(event.params.spaceId, event.params.noteId));
		})
};

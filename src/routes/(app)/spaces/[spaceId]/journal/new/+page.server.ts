import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { randomString } from '$lib/server/auth/tokens';
import { act } from '$lib/server/forms';
import { orErrorPage } from '$lib/server/http';
import * as notes from '$lib/server/notes';
import * as spaces from '$lib/server/spaces';
import { newDraftKey, noteKinds, type NoteKind } from '$lib/domain/notes';
import { promptById } from '$lib/domain/prompts';
import type { Actions, PageServerLoad } from './$types';

/** Which form, from the address: a kind, or a prompt (which means a journal entry). */
function formOf(url: URL, perspective: Parameters<typeof promptById>[1] = null) {
	const promptId = url.searchParams.get('prompt');
	const prompt = promptId ? promptById(promptId, perspective) : null;
	if (promptId && !prompt) error(404, 'We could not find that prompt.');
	const asked = url.searchParams.get('kind') ?? 'journal';
	if (!(noteKinds as readonly string[]).includes(asked))
		error(404, 'We could not find that kind of note.');
	const kind = (prompt ? 'journal' : asked) as NoteKind;
	// A second note of the same kind begun on another device meanwhile has a draft of its own.
	const fork = notes.draftFork.safeParse(url.searchParams.get('draft')).data;
	const draftKey = newDraftKey({ kind, promptId: prompt?.id ?? null, fork: fork ?? null });
	return { kind, prompt, fork: fork ?? null, draftKey };
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const userId = locals.user!.id;
	const { space, me } = await orErrorPage(() =>
		spaces.context(db(), userId, params.spaceId, 'note.write')
	);
	const { kind, prompt, fork, draftKey } = formOf(url, me.perspective);
	const draft = await notes.drafts.get(db(), userId, space.id, draftKey);
	return {
		space,
		kind,
		fork,
		prompt: prompt && { id: prompt.id, title: prompt.title, text: prompt.text },
		draftKey,
		draft,
		// A fresh identity for this one note: sending the form twice still makes one note.
		clientId: randomString()
	};
};

export const actions: Actions = {
	save: async (event) => {
		const { kind, draftKey } = formOf(event.url);
		return act(event, notes.newNoteInput(kind), async (userId, input) => {
			const { id } = await notes.create(db(), userId, event.params.spaceId, { ...input, draftKey });
			redirect(303, `/spaces/${event.params.spaceId}/journal/${id}?saved=1`);
		});
	},
	saveDraft: (event) =>
		act(event, notes.draftInput, (userId, { draftKey, basedOn, fields }) =>
			notes.drafts.save(db(), userId, event.params.spaceId, draftKey, fields, Date.now(), basedOn)
		),
	discardDraft: (event) =>
		act(event, z.object({ draftKey: notes.draftKey }), async (userId, { draftKey }) => {
			await notes.drafts.discard(db(), userId, event.params.spaceId, draftKey);
			redirect(303, `/spaces/${event.params.spaceId}/journal`);
		})
};

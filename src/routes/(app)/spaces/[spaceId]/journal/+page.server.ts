import { db } from '$lib/server/db';
import { orErrorPage } from '$lib/server/http';
import * as notes from '$lib/server/notes';
import * as sharing from '$lib/server/sharing';
import * as spaces from '$lib/server/spaces';
import { draftText, noteTypeOf, readNewDraftKey } from '$lib/domain/notes';
import { copiesText } from '$lib/domain/sharing';
import { promptById } from '$lib/domain/prompts';
import type { PageServerLoad } from './$types';

/**
 * Notes shown at a time; older and newer ones are a link away. Twenty keep a phone's page short
 * enough to reach the page links below them, and the page quick: each card adds to every visit's cost.
 */
const PAGE = 20;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const userId = locals.user!.id;
	const { space, me } = await orErrorPage(() =>
		spaces.context(db(), userId, params.spaceId, 'note.read')
	);
	// A place that is not one of ours is no place: the newest notes.
	const place = (name: string) => notes.pageCursor.safeParse(url.searchParams.get(name)).data;
	const { shown, newer, older } = await notes.around(db(), userId, space.id, {
		size: PAGE,
		before: place('before'),
		after: place('after')
	});
	const drafts = await notes.draftKeys(db(), userId, space.id);
	const copies = await sharing.copiesOf(
		db(),
		userId,
		space.id,
		shown.map((n) => n.id)
	);
	return {
		space,
		me,
		notes: shown.map((n) => ({
			id: n.id,
			type: noteTypeOf(n.kind, n.promptId),
			createdAt: n.createdAt,
			excerpt: n.excerpt,
			prompt: n.promptId ? (promptById(n.promptId, null)?.title ?? null) : null,
			// Whether a copy is shared, and with whom, or was withdrawn.
			copies: copiesText(copies.get(n.id)),
			unfinishedEdit: drafts.some((d) => d.key === `edit-${n.id}`)
		})),
		unfinished: drafts
			.filter((d) => d.key.startsWith('new-'))
			.map((d) => ({ ...describeDraft(d.key), savedAt: d.savedAt })),
		// A closed space takes no more notes: what was left unfinished is shown as it was typed.
		leftUnfinished: me.canWrite
			? []
			: (await notes.drafts.all(db(), userId, space.id))
					.filter((d) => d.key.startsWith('new-'))
					.map((d) => ({ ...describeDraft(d.key), text: draftText(d.fields), savedAt: d.savedAt })),
		deleted: url.searchParams.has('deleted'),
		newer: newer ? notes.cursorOf(newer) : null,
		older: older ? notes.cursorOf(older) : null
	};
};

/** "new-journal-s1-family-trust" (and "…~<fork>", begun on another device meanwhile) → where to continue it. */
function describeDraft(key: string) {
	const { kind, promptId, fork } = readNewDraftKey(key);
	const prompt = promptId ? promptById(promptId, null) : null;
	const params = new URLSearchParams(
		prompt ? { prompt: prompt.id } : kind === 'journal' ? {} : { kind }
	);
	if (fork) params.set('draft', fork);
	const query = params.size ? `?${params}` : '';
	return { key, type: noteTypeOf(kind, prompt?.id ?? null), prompt: prompt?.title ?? null, query };
}

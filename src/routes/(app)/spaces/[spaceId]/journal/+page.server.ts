import { db } from '$lib/server/db';
import { orErrorPage } from '$lib/server/http';
import * as notes from '$lib/server/notes';
import * as spaces from '$lib/server/spaces';
import { excerpt, type JournalContent, type NoteKind } from '$lib/domain/notes';
import { promptById } from '$lib/domain/prompts';
import type { PageServerLoad } from './$types';

/** Notes shown at a time; older and newer ones are a link away. */
const PAGE = 30;

export const load: PageServerLoad = ({ locals, params, url }) => {
	const userId = locals.user!.id;
	const { space, me } = orErrorPage(() => spaces.context(db(), userId, params.spaceId, 'note.read'));
	const { shown, newer, older } = notesAround(userId, space.id, url.searchParams);
	const drafts = notes.draftKeys(db(), userId, space.id);
	return {
		space,
		me,
		notes: shown.map((n) => ({
			id: n.id,
			kind: n.kind,
			createdAt: n.createdAt,
			excerpt: excerpt(n.content),
			prompt: n.content.kind === 'journal' ? promptTitle(n.content) : null,
			unfinishedEdit: drafts.includes(`edit-${n.id}`)
		})),
		unfinished: drafts.filter((k) => k.startsWith('new-')).map(describeDraft),
		newer,
		older
	};
};

/**
 * The page of notes a link asks for (`?before=` a place: the ones written before it; `?after=`:
 * the ones written after it; neither, or a place that is not one of ours: the newest), and the
 * places the links to the pages on either side start from, when there are notes there.
 */
function notesAround(userId: string, spaceId: string, search: URLSearchParams) {
	const read = (name: string) => {
		const cursor = notes.pageCursor.safeParse(search.get(name));
		return cursor.success ? cursor.data : undefined;
	};
	const pageOf = (side: Parameters<typeof notes.page>[3]) => notes.page(db(), userId, spaceId, side);
	const placeOf = (note: notes.NoteInPage): notes.Cursor => ({ at: note.createdAt, id: note.id });
	const before = read('before');
	const after = before ? undefined : read('after');

	// One more than a page tells whether there are more on the side the person is going.
	let shown: notes.NoteInPage[] | undefined;
	let newer: boolean | undefined;
	let older: boolean | undefined;
	if (after) {
		const newerOnes = pageOf({ limit: PAGE + 1, after });
		// Less than a full page of newer ones: the newest page instead, so pages keep their bounds.
		if (newerOnes.length > PAGE) [shown, newer] = [newerOnes.slice(1), true];
	}
	if (!shown) {
		const olderOnes = pageOf({ limit: PAGE + 1, before });
		[shown, older] = [olderOnes.slice(0, PAGE), olderOnes.length > PAGE];
		if (!before) newer = false;
	}
	// The other side is asked about with a single row.
	const [first, last] = [shown[0], shown.at(-1)];
	newer ??= !!first && pageOf({ limit: 1, after: placeOf(first) }).length > 0;
	older ??= !!last && pageOf({ limit: 1, before: placeOf(last) }).length > 0;
	return { shown, newer: newer && first ? notes.cursorOf(first) : null, older: older && last ? notes.cursorOf(last) : null };
}

const promptTitle = (c: JournalContent) => (c.promptId ? (promptById(c.promptId, null)?.title ?? null) : null);

/** "new-journal-s1-family-trust" → where to continue it. */
function describeDraft(key: string) {
	const [, kind, ...rest] = key.split('-');
	const prompt = rest.length ? promptById(rest.join('-'), null) : null;
	const query = prompt ? `?prompt=${prompt.id}` : kind === 'journal' ? '' : `?kind=${kind}`;
	return { key, kind: kind as NoteKind, prompt: prompt?.title ?? null, query };
}

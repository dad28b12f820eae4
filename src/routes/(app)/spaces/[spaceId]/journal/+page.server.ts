import { db } from '$lib/server/db';
import { orErrorPage } from '$lib/server/http';
import * as notes from '$lib/server/notes';
import * as spaces from '$lib/server/spaces';
import { excerpt, type JournalContent, type NoteKind } from '$lib/domain/notes';
import { promptById } from '$lib/domain/prompts';
import type { PageServerLoad } from './$types';

/** Notes shown at a time; older ones are a link away. */
const PAGE = 30;

export const load: PageServerLoad = ({ locals, params, url }) => {
	const userId = locals.user!.id;
	const { space, me } = orErrorPage(() => spaces.context(db(), userId, params.spaceId, 'note.read'));
	// A cursor that is not one of ours shows the newest notes.
	const cursor = notes.pageCursor.safeParse(url.searchParams.get('before'));
	const after = cursor.success ? cursor.data : undefined;
	// One more than shown tells whether there are older ones.
	const page = notes.page(db(), userId, space.id, { limit: PAGE + 1, after });
	const mine = page.slice(0, PAGE);
	const older = page.length > PAGE ? notes.cursorAfter(mine.at(-1)!) : null;
	const drafts = notes.draftKeys(db(), userId, space.id);
	return {
		space,
		me,
		notes: mine.map((n) => ({
			id: n.id,
			kind: n.kind,
			createdAt: n.createdAt,
			excerpt: excerpt(n.content),
			prompt: n.content.kind === 'journal' ? promptTitle(n.content) : null,
			unfinishedEdit: drafts.includes(`edit-${n.id}`)
		})),
		unfinished: drafts.filter((k) => k.startsWith('new-')).map(describeDraft),
		older,
		paged: after !== undefined
	};
};

const promptTitle = (c: JournalContent) => (c.promptId ? (promptById(c.promptId, null)?.title ?? null) : null);

/** "new-journal-s1-family-trust" → where to continue it. */
function describeDraft(key: string) {
	const [, kind, ...rest] = key.split('-');
	const prompt = rest.length ? promptById(rest.join('-'), null) : null;
	const query = prompt ? `?prompt=${prompt.id}` : kind === 'journal' ? '' : `?kind=${kind}`;
	return { key, kind: kind as NoteKind, prompt: prompt?.title ?? null, query };
}

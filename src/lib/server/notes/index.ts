import { and, asc, desc, eq, gt, lt, or } from 'drizzle-orm';
import { forgetDeleted, transaction, type Db, type DbOrTx } from '../db';
import { noteDrafts, notes, type Note } from '../db/schema';
import { randomString } from '../auth/tokens';
import { authorize } from '../policy';
import { maySeeNote } from '../../domain/policy';
import { AppError } from '../errors';
import { listing, type NoteContent, type NoteKind } from '../../domain/notes';
import * as notify from '../spaces/notify';
import { discardIn } from './drafts';
import type { Cursor } from './schemas';

export * from './schemas';
export * as drafts from './drafts';

const notFound = () => new AppError('not_found', 'We could not find that note.');

/** One of the person's own notes; anyone else's is "not found", never "forbidden". */
export async function ownIn(
	db: DbOrTx,
	userId: string,
	spaceId: string,
	noteId: string
): Promise<Note> {
	const [note] = await db
		.select()
		.from(notes)
		.where(and(eq(notes.id, noteId), eq(notes.spaceId, spaceId), eq(notes.authorId, userId)))
		.limit(1);
	if (!note || !maySeeNote(userId, note)) throw notFound();
	return note;
}

export async function get(
	db: DbOrTx,
	userId: string | null | undefined,
	spaceId: string,
	noteId: string
): Promise<Note> {
	const { membership } = await authorize(db, userId, 'note.read', spaceId);
	return ownIn(db, membership.userId, spaceId, noteId);
}

/** The person's own notes in a space, newest first; optionally only those of one kind. */
export async function list(
	db: DbOrTx,
	userId: string,
	spaceId: string,
	kind?: NoteKind
): Promise<Note[]> {
	await authorize(db, userId, 'note.read', spaceId);
	return db
		.select()
		.from(notes)
		.where(
			and(
				eq(notes.spaceId, spaceId),
				eq(notes.authorId, userId),
				kind ? eq(notes.kind, kind) : undefined
			)
		)
		.orderBy(desc(notes.createdAt), desc(notes.id));
}

/** A note as the journal lists it: what it is, when it was written (milliseconds), its line and prompt. */
export interface NoteInPage {
	id: string;
	kind: NoteKind;
	createdAt: number;
	excerpt: string;
	promptId: string | null;
}

/**
 * A page of the person's own notes in a space, newest first (ties on time by id): the newest
 * `limit`, or the `limit` written just before `before`, or the `limit` written just after `after`.
 */
export async function page(
	db: DbOrTx,
	userId: string,
	spaceId: string,
	{ limit, before, after }: { limit: number; before?: Cursor; after?: Cursor }
): Promise<NoteInPage[]> {
	await authorize(db, userId, 'note.read', spaceId);
	const rows = after
		? (await pageRows(db, userId, spaceId, 'newer', after, limit)).reverse()
		: await pageRows(db, userId, spaceId, 'older', before, limit);
	return rows.map(({ id, kind, createdAt, excerpt, promptId }) => ({
		id,
		kind,
		createdAt: createdAt.getTime(),
		excerpt: excerpt ?? '',
		promptId
	}));
}

/**
 * The page of notes a journal link asks for: the `size` written just before `before`, or just
 * after `after`, or the newest; when there are fewer than `size` after `after`, the newest page,
 * so that pages keep their bounds. Also the places the pages on either side start from, when
 * there are notes there (a page left empty, say after its notes were deleted, still leads back).
 */
export async function around(
	db: DbOrTx,
	userId: string,
	spaceId: string,
	{ size, before, after }: { size: number; before?: Cursor; after?: Cursor }
) {
	const placeOf = (note: NoteInPage): Cursor => ({ at: note.createdAt, id: note.id });
	const any = async (side: { before: Cursor } | { after: Cursor }) =>
		(await page(db, userId, spaceId, { limit: 1, ...side })).length > 0;
	// One more than a page tells whether there are more on the side the person is going.
	let shown: NoteInPage[] | undefined;
	let newer: boolean | undefined;
	let older: boolean | undefined;
	if (after && !before) {
		const newerOnes = await page(db, userId, spaceId, { limit: size + 1, after });
		if (newerOnes.length > size) [shown, newer] = [newerOnes.slice(1), true];
	}
	if (!shown) {
		const olderOnes = await page(db, userId, spaceId, { limit: size + 1, before });
		[shown, older] = [olderOnes.slice(0, size), olderOnes.length > size];
		if (!before) newer = false;
	}
	// The other side is asked about with a single row, from the first and last shown.
	const first = shown[0] ? placeOf(shown[0]) : before;
	const last = shown.at(-1) ? placeOf(shown.at(-1)!) : undefined;
	newer ??= !!first && (await any({ after: first }));
	older ??= !!last && (await any({ before: last }));
	return { shown, newer: newer ? first : undefined, older: older ? last : undefined };
}

/** The latest moment a time can hold: a place in a link beyond it is as far as time goes. */
const LAST_MOMENT = 8.64e15;

// The journal runs these on every visit, from the (space, author, time, id, …) index alone: the
// comparison starts the range at the cursor, the order walks away from it, and the index holds
// every column read, so the notes themselves are never opened.
async function pageRows(
	db: DbOrTx,
	userId: string,
	spaceId: string,
	direction: 'older' | 'newer',
	from: Cursor | undefined,
	limit: number
) {
	const at = from && new Date(Math.min(from.at, LAST_MOMENT));
	return db
		.select({
			id: notes.id,
			kind: notes.kind,
			createdAt: notes.createdAt,
			excerpt: notes.excerpt,
			promptId: notes.promptId
		})
		.from(notes)
		.where(
			and(
				eq(notes.spaceId, spaceId),
				eq(notes.authorId, userId),
				// (time, id) before or after the cursor's; with no cursor, from the newest.
				from && at
					? direction === 'older'
						? or(lt(notes.createdAt, at), and(eq(notes.createdAt, at), lt(notes.id, from.id)))
						: or(gt(notes.createdAt, at), and(eq(notes.createdAt, at), gt(notes.id, from.id)))
					: undefined
			)
		)
		.orderBy(
			...(direction === 'older'
				? [desc(notes.createdAt), desc(notes.id)]
				: [asc(notes.createdAt), asc(notes.id)])
		)
		.limit(limit);
}

/**
 * Saves a new note. The form's client id makes this idempotent: sending the same form
 * twice returns the note the first one made. The draft it came from goes with it.
 */
export async function create(
	db: Db,
	userId: string,
	spaceId: string,
	input: { clientId: string; content: NoteContent; draftKey?: string },
	now = Date.now()
): Promise<{ id: string; created: boolean }> {
	const { space } = await authorize(db, userId, 'note.write', spaceId);
	const result = await transaction(db, async (tx) => {
		const [existing] = await tx
			.select({ id: notes.id, spaceId: notes.spaceId })
			.from(notes)
			.where(and(eq(notes.authorId, userId), eq(notes.clientId, input.clientId)))
			.limit(1);
		if (existing) {
			if (existing.spaceId !== spaceId)
				throw new AppError('conflict', 'Please reload the page and try again.');
			return { id: existing.id, created: false };
		}
		const id = randomString();
		const at = new Date(now);
		await tx.insert(notes).values({
			id,
			spaceId,
			authorId: userId,
			kind: input.content.kind,
			content: input.content,
			...listing(input.content),
			stage: space.stage,
			clientId: input.clientId,
			createdAt: at,
			updatedAt: at
		});
		if (input.draftKey) await discardIn(tx, userId, spaceId, input.draftKey);
		return { id, created: true };
	});
	notify.own(userId, spaceId);
	return result;
}

export const CHANGED_ELSEWHERE =
	'This note was saved from another device after you opened it. What is saved now is shown below, and your version is still in the form: saving again replaces the saved one with yours.';

/**
 * Replaces a note's content; its kind stays what it was. `seen` is when the note the form was
 * showing had last been saved: if it has been saved since (from another device, or another
 * tab), nothing is replaced without the person seeing that first.
 */
export async function update(
	db: Db,
	userId: string,
	spaceId: string,
	noteId: string,
	content: NoteContent,
	seen?: number,
	now = Date.now()
): Promise<void> {
	await authorize(db, userId, 'note.write', spaceId);
	await transaction(db, async (tx) => {
		const note = await ownIn(tx, userId, spaceId, noteId);
		if (note.kind !== content.kind)
			throw new AppError('invalid', 'A note keeps its kind. Please start a new one instead.');
		if (seen !== undefined && note.updatedAt.getTime() !== seen)
			throw new AppError('conflict', CHANGED_ELSEWHERE);
		// Every save moves the time on, even two in one millisecond: it is what `seen` compares.
		const at = Math.max(now, note.updatedAt.getTime() + 1);
		await tx
			.update(notes)
			.set({ content, ...listing(content), updatedAt: new Date(at) })
			.where(eq(notes.id, note.id));
		await discardIn(tx, userId, spaceId, `edit-${note.id}`);
	});
	notify.own(userId, spaceId);
}

/**
 * Deletes one's own note and its draft. Deleting twice is fine. What was shared from it
 * stays shared (it is a separate copy) until withdrawn.
 */
export async function remove(
	db: Db,
	userId: string,
	spaceId: string,
	noteId: string
): Promise<void> {
	await authorize(db, userId, 'note.delete', spaceId);
	await transaction(db, async (tx) => {
		await tx
			.delete(notes)
			.where(and(eq(notes.id, noteId), eq(notes.spaceId, spaceId), eq(notes.authorId, userId)));
		await discardIn(tx, userId, spaceId, `edit-${noteId}`);
	});
	forgetDeleted(db);
	notify.own(userId, spaceId);
}

/** Draft keys in use and when each was last saved, for showing "unfinished" markers. */
export async function draftKeys(
	db: DbOrTx,
	userId: string,
	spaceId: string
): Promise<{ key: string; savedAt: number }[]> {
	await authorize(db, userId, 'note.read', spaceId);
	// Every visit to the journal runs it.
	const rows = await db
		.select({ key: noteDrafts.key, savedAt: noteDrafts.updatedAt })
		.from(noteDrafts)
		.where(and(eq(noteDrafts.authorId, userId), eq(noteDrafts.spaceId, spaceId)));
	return rows.map(({ key, savedAt }) => ({ key, savedAt: savedAt.getTime() }));
}

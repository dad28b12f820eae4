import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { forgetDeleted, type Db, type DbOrTx } from '../db';
import { driverStatement, writtenLimit, type DriverStatement } from '../db/statement';
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
export function ownIn(db: DbOrTx, userId: string, spaceId: string, noteId: string): Note {
	const note = db
		.select()
		.from(notes)
		.where(and(eq(notes.id, noteId), eq(notes.spaceId, spaceId), eq(notes.authorId, userId)))
		.get();
	if (!note || !maySeeNote(userId, note)) throw notFound();
	return note;
}

export function get(
	db: DbOrTx,
	userId: string | null | undefined,
	spaceId: string,
	noteId: string
): Note {
	const { membership } = authorize(db, userId, 'note.read', spaceId);
	return ownIn(db, membership.userId, spaceId, noteId);
}

/** The person's own notes in a space, newest first; optionally only those of one kind. */
export function list(db: DbOrTx, userId: string, spaceId: string, kind?: NoteKind): Note[] {
	authorize(db, userId, 'note.read', spaceId);
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
		.orderBy(desc(notes.createdAt), desc(notes.id))
		.all();
}

/** A note as the journal lists it: what it is, when it was written (milliseconds), its line and prompt. */
export interface NoteInPage {
	id: string;
	kind: NoteKind;
	createdAt: number;
	excerpt: string;
	promptId: string | null;
}

type PageRow = [string, NoteKind, number, string | null, string | null];

/**
 * A page of the person's own notes in a space, newest first (ties on time by id): the newest
 * `limit`, or the `limit` written just before `before`, or the `limit` written just after `after`.
 */
export function page(
	db: DbOrTx,
	userId: string,
	spaceId: string,
	{ limit, before, after }: { limit: number; before?: Cursor; after?: Cursor }
): NoteInPage[] {
	authorize(db, userId, 'note.read', spaceId);
	const rows = after
		? (
				pageQuery(
					'newer',
					limit
				)(db).all({ spaceId, userId, at: after.at, id: after.id }) as PageRow[]
			).reverse()
		: (pageQuery(
				'older',
				limit
			)(db).all({
				spaceId,
				userId,
				at: before?.at ?? Number.MAX_SAFE_INTEGER,
				id: before?.id ?? ''
			}) as PageRow[]);
	return rows.map(([id, kind, createdAt, excerpt, promptId]) => ({
		id,
		kind,
		createdAt,
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
export function around(
	db: DbOrTx,
	userId: string,
	spaceId: string,
	{ size, before, after }: { size: number; before?: Cursor; after?: Cursor }
) {
	const placeOf = (note: NoteInPage): Cursor => ({ at: note.createdAt, id: note.id });
	const any = (side: { before: Cursor } | { after: Cursor }) =>
		page(db, userId, spaceId, { limit: 1, ...side }).length > 0;
	// One more than a page tells whether there are more on the side the person is going.
	let shown: NoteInPage[] | undefined;
	let newer: boolean | undefined;
	let older: boolean | undefined;
	if (after && !before) {
		const newerOnes = page(db, userId, spaceId, { limit: size + 1, after });
		if (newerOnes.length > size) [shown, newer] = [newerOnes.slice(1), true];
	}
	if (!shown) {
		const olderOnes = page(db, userId, spaceId, { limit: size + 1, before });
		[shown, older] = [olderOnes.slice(0, size), olderOnes.length > size];
		if (!before) newer = false;
	}
	// The other side is asked about with a single row, from the first and last shown.
	const first = shown[0] ? placeOf(shown[0]) : before;
	const last = shown.at(-1) ? placeOf(shown.at(-1)!) : undefined;
	newer ??= !!first && any({ after: first });
	older ??= !!last && any({ before: last });
	return { shown, newer: newer ? first : undefined, older: older ? last : undefined };
}

// The journal runs these on every visit, from the (space, author, time, id, …) index alone: the
// row comparison starts the range at the cursor, the order walks away from it, and the index holds
// every column read, so the notes themselves are never opened. On the driver, as they read a page
// of rows and the builder's per-value mapping would cost more than that. One statement for each
// direction and size of page (a page and one more, or a single row): the size is in its text.
const pageQueries = new Map<string, (db: DbOrTx) => DriverStatement>();
function pageQuery(direction: 'older' | 'newer', limit: number) {
	const key = `${direction} ${limit}`;
	let query = pageQueries.get(key);
	if (!query) pageQueries.set(key, (query = pageStatement(direction, limit)));
	return query;
}
const pageStatement = (direction: 'older' | 'newer', limit: number) =>
	driverStatement((db) =>
		db
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
					eq(notes.spaceId, sql.placeholder('spaceId')),
					eq(notes.authorId, sql.placeholder('userId')),
					direction === 'older'
						? sql`(${notes.createdAt}, ${notes.id}) < (${sql.placeholder('at')}, ${sql.placeholder('id')})`
						: sql`(${notes.createdAt}, ${notes.id}) > (${sql.placeholder('at')}, ${sql.placeholder('id')})`
				)
			)
			.orderBy(
				...(direction === 'older'
					? [desc(notes.createdAt), desc(notes.id)]
					: [asc(notes.createdAt), asc(notes.id)])
			)
			.limit(writtenLimit(limit))
	);

/**
 * Saves a new note. The form's client id makes this idempotent: sending the same form
 * twice returns the note the first one made. The draft it came from goes with it.
 */
export function create(
	db: Db,
	userId: string,
	spaceId: string,
	input: { clientId: string; content: NoteContent; draftKey?: string },
	now = Date.now()
): { id: string; created: boolean } {
	const { space } = authorize(db, userId, 'note.write', spaceId);
	const result = db.transaction((tx) => {
		const existing = tx
			.select({ id: notes.id, spaceId: notes.spaceId })
			.from(notes)
			.where(and(eq(notes.authorId, userId), eq(notes.clientId, input.clientId)))
			.get();
		if (existing) {
			if (existing.spaceId !== spaceId)
				throw new AppError('conflict', 'Please reload the page and try again.');
			return { id: existing.id, created: false };
		}
		const id = randomString();
		const at = new Date(now);
		tx.insert(notes)
			.values({
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
			})
			.run();
		if (input.draftKey) discardIn(tx, userId, spaceId, input.draftKey);
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
export function update(
	db: Db,
	userId: string,
	spaceId: string,
	noteId: string,
	content: NoteContent,
	seen?: number,
	now = Date.now()
): void {
	authorize(db, userId, 'note.write', spaceId);
	db.transaction((tx) => {
		const note = ownIn(tx, userId, spaceId, noteId);
		if (note.kind !== content.kind)
			throw new AppError('invalid', 'A note keeps its kind. Please start a new one instead.');
		if (seen !== undefined && note.updatedAt.getTime() !== seen)
			throw new AppError('conflict', CHANGED_ELSEWHERE);
		// Every save moves the time on, even two in one millisecond: it is what `seen` compares.
		const at = Math.max(now, note.updatedAt.getTime() + 1);
		tx.update(notes)
			.set({ content, ...listing(content), updatedAt: new Date(at) })
			.where(eq(notes.id, note.id))
			.run();
		discardIn(tx, userId, spaceId, `edit-${note.id}`);
	});
	notify.own(userId, spaceId);
}

/**
 * Deletes one's own note and its draft. Deleting twice is fine. What was shared from it
 * stays shared (it is a separate copy) until withdrawn.
 */
export function remove(db: Db, userId: string, spaceId: string, noteId: string): void {
	authorize(db, userId, 'note.delete', spaceId);
	db.transaction((tx) => {
		tx.delete(notes)
			.where(and(eq(notes.id, noteId), eq(notes.spaceId, spaceId), eq(notes.authorId, userId)))
			.run();
		discardIn(tx, userId, spaceId, `edit-${noteId}`);
	});
	forgetDeleted(db);
	notify.own(userId, spaceId);
}

/** Draft keys in use and when each was last saved, for showing "unfinished" markers. */
export function draftKeys(
	db: DbOrTx,
	userId: string,
	spaceId: string
): { key: string; savedAt: number }[] {
	authorize(db, userId, 'note.read', spaceId);
	return (draftKeysQuery(db).all({ userId, spaceId }) as [string, number][]).map(
		([key, savedAt]) => ({ key, savedAt })
	);
}

// Every visit to the journal runs it: on the driver, times read as the milliseconds stored.
const draftKeysQuery = driverStatement((db) =>
	db
		.select({ key: noteDrafts.key, savedAt: noteDrafts.updatedAt })
		.from(noteDrafts)
		.where(
			and(
				eq(noteDrafts.authorId, sql.placeholder('userId')),
				eq(noteDrafts.spaceId, sql.placeholder('spaceId'))
			)
		)
);

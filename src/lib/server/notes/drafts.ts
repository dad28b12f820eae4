import { and, asc, eq } from 'drizzle-orm';
import { forgetDeleted, transaction, type Db, type DbOrTx } from '../db';
import { noteDrafts, notes } from '../db/schema';
import { authorize } from '../policy';
import { AppError } from '../errors';
import { randomString } from '../auth/tokens';
import { newDraftKey, readNewDraftKey } from '../../domain/notes';

export type DraftFields = Record<string, string | string[]>;

/** All of a draft together may not outgrow a long note by much. */
const MAX_DRAFT_BYTES = 64 * 1024;

const where = (userId: string, spaceId: string, key: string) =>
	and(eq(noteDrafts.authorId, userId), eq(noteDrafts.spaceId, spaceId), eq(noteDrafts.key, key));

/**
 * Keeps what is being typed. A draft for editing a note needs that note to be one's own.
 * `basedOn` is the save of this draft the sending device last knew of. A new note's draft saved
 * since from another device (a second new note of the same kind, begun there) is not replaced:
 * this one is kept beside it, under a key of its own, which is returned.
 */
export async function save(
	db: Db,
	userId: string,
	spaceId: string,
	key: string,
	fields: DraftFields,
	now = Date.now(),
	basedOn?: number
): Promise<{ savedAt: number; draftKey: string }> {
	await authorize(db, userId, 'note.write', spaceId);
	if (Buffer.byteLength(JSON.stringify(fields)) > MAX_DRAFT_BYTES)
		throw new AppError('too_large', 'This draft is longer than we can keep. Please shorten it.');
	// Whether the note is one's own, and whether another device saved since, are read where the
	// draft is written, so that a save from another device that lands in between is not replaced.
	const target = await transaction(db, async (tx) => {
		if (key.startsWith('edit-')) {
			const noteId = key.slice('edit-'.length);
			const [own] = await tx
				.select({ id: notes.id })
				.from(notes)
				.where(and(eq(notes.id, noteId), eq(notes.spaceId, spaceId), eq(notes.authorId, userId)))
				.limit(1);
			if (!own) throw new AppError('not_found', 'We could not find that note.');
		}
		let target = key;
		if (basedOn !== undefined && key.startsWith('new-')) {
			const [there] = await tx
				.select({ updatedAt: noteDrafts.updatedAt })
				.from(noteDrafts)
				.where(where(userId, spaceId, key))
				.limit(1);
			if (there && there.updatedAt.getTime() > basedOn)
				target = newDraftKey({ ...readNewDraftKey(key), fork: randomString(6) });
		}
		const updatedAt = new Date(now);
		await tx
			.insert(noteDrafts)
			.values({ authorId: userId, spaceId, key: target, fields, updatedAt })
			.onConflictDoUpdate({
				target: [noteDrafts.authorId, noteDrafts.spaceId, noteDrafts.key],
				set: { fields, updatedAt }
			});
		return target;
	});
	return { savedAt: now, draftKey: target };
}

/** One's own draft for a form, if there is one. There is no way to read anyone else's. */
export async function get(
	db: DbOrTx,
	userId: string,
	spaceId: string,
	key: string
): Promise<{ fields: DraftFields; savedAt: number } | null> {
	await authorize(db, userId, 'note.read', spaceId);
	const [row] = await db
		.select()
		.from(noteDrafts)
		.where(where(userId, spaceId, key))
		.limit(1);
	return row ? { fields: row.fields, savedAt: row.updatedAt.getTime() } : null;
}

export async function discardIn(
	tx: DbOrTx,
	userId: string,
	spaceId: string,
	key: string
): Promise<void> {
	await tx.delete(noteDrafts).where(where(userId, spaceId, key));
}

export async function discard(db: Db, userId: string, spaceId: string, key: string): Promise<void> {
	await authorize(db, userId, 'note.read', spaceId);
	await discardIn(db, userId, spaceId, key);
	forgetDeleted(db);
}

/** Every one of one's own drafts in a space, oldest first (for exports and a closed space). */
export async function all(
	db: DbOrTx,
	userId: string,
	spaceId: string
): Promise<{ key: string; fields: DraftFields; savedAt: number }[]> {
	await authorize(db, userId, 'note.read', spaceId);
	const rows = await db
		.select()
		.from(noteDrafts)
		.where(and(eq(noteDrafts.authorId, userId), eq(noteDrafts.spaceId, spaceId)))
		.orderBy(asc(noteDrafts.updatedAt));
	return rows.map((row) => ({
		key: row.key,
		fields: row.fields,
		savedAt: row.updatedAt.getTime()
	}));
}

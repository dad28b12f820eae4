import { and, count, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { forgetDeleted, transaction, type Db, type DbOrTx } from '../db';
import { counselorNotes, memberships, spaces } from '../db/schema';
import { randomString } from '../auth/tokens';
import { authorize } from '../policy';
import { AppError } from '../errors';
import { clientId, id, requiredText } from '../forms-schemas';

/** A counselor's private notes about one space: readable by that counselor only, by any path. */
export const NOTE_LIMIT = 10_000;
export const newNoteInput = z.object({
	clientId,
	body: requiredText(NOTE_LIMIT, 'Please write something before saving.')
});
export const noteRef = z.object({ noteId: id });
export const editNoteInput = noteRef.extend({
	body: requiredText(NOTE_LIMIT, 'Please write something before saving.')
});

export async function list(db: DbOrTx, userId: string, spaceId: string) {
	await authorize(db, userId, 'counselorNote.read', spaceId);
	return db
		.select()
		.from(counselorNotes)
		.where(and(eq(counselorNotes.spaceId, spaceId), eq(counselorNotes.counselorId, userId)))
		.orderBy(desc(counselorNotes.createdAt));
}

/** Saves a note; the form's id makes sending it twice save it once. */
export async function create(
	db: Db,
	userId: string,
	spaceId: string,
	input: { clientId: string; body: string },
	now = Date.now()
) {
	await authorize(db, userId, 'counselorNote.write', spaceId);
	return transaction(db, async (tx) => {
		const [existing] = await tx
			.select({ id: counselorNotes.id })
			.from(counselorNotes)
			.where(
				and(eq(counselorNotes.counselorId, userId), eq(counselorNotes.clientId, input.clientId))
			)
			.limit(1);
		if (existing) return { id: existing.id };
		const noteId = randomString();
		await tx.insert(counselorNotes).values({
			id: noteId,
			spaceId,
			counselorId: userId,
			body: input.body,
			clientId: input.clientId,
			createdAt: new Date(now),
			updatedAt: new Date(now)
		});
		return { id: noteId };
	});
}

/**
 * Changes one's own note, while one may still write here. Anyone else's cannot even be named:
 * it is "not found", as if it were not there. Saving the same words again changes nothing.
 */
export async function update(
	db: Db,
	userId: string,
	spaceId: string,
	input: { noteId: string; body: string },
	now = Date.now()
): Promise<void> {
	await authorize(db, userId, 'counselorNote.write', spaceId);
	const own = and(
		eq(counselorNotes.id, input.noteId),
		eq(counselorNotes.spaceId, spaceId),
		eq(counselorNotes.counselorId, userId)
	);
	await transaction(db, async (tx) => {
		const [note] = await tx
			.select({ body: counselorNotes.body })
			.from(counselorNotes)
			.where(own)
			.limit(1);
		if (!note) throw new AppError('not_found', 'We could not find that note.');
		if (note.body === input.body) return;
		await tx
			.update(counselorNotes)
			.set({ body: input.body, updatedAt: new Date(now) })
			.where(own);
	});
}

/** Deletes one's own note; anyone else's cannot even be named. Deleting twice is fine. */
export async function remove(
	db: Db,
	userId: string,
	spaceId: string,
	noteId: string
): Promise<void> {
	await authorize(db, userId, 'counselorNote.read', spaceId);
	await db
		.delete(counselorNotes)
		.where(
			and(
				eq(counselorNotes.id, noteId),
				eq(counselorNotes.spaceId, spaceId),
				eq(counselorNotes.counselorId, userId)
			)
		);
	forgetDeleted(db);
}

/**
 * Spaces a counselor is no longer in (they left, or the partners removed them) where their own
 * notes are still kept: for them to find, read, export or delete.
 */
export async function keptFromFormerSpaces(db: DbOrTx, userId: string) {
	return db
		.select({ spaceId: spaces.id, name: spaces.name, notes: count() })
		.from(counselorNotes)
		.innerJoin(
			memberships,
			and(eq(memberships.spaceId, counselorNotes.spaceId), eq(memberships.userId, userId))
		)
		.innerJoin(spaces, eq(spaces.id, counselorNotes.spaceId))
		.where(
			and(
				eq(counselorNotes.counselorId, userId),
				eq(memberships.role, 'counselor'),
				inArray(memberships.status, ['left', 'removed'])
			)
		)
		.groupBy(spaces.id)
		.orderBy(spaces.name);
}

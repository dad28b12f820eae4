import { eq, isNull } from 'drizzle-orm';
import { listing } from '../../domain/notes';
import { transaction, type Db } from './connection';
import { notes } from './schema';

/**
 * Columns that keep something worked out from a row's other columns (a note's journal line,
 * see `listing`) are written with the row. Rows saved before such a column existed are filled in
 * here, at start-up, after the migrations and before the first request: all in one transaction.
 * A change to how they are worked out comes with a migration that sets them back to null.
 */
export async function fillDerived(db: Db): Promise<number> {
	// Found through the journal's index, which holds both columns: no note is read to find none.
	const missing = await db.select({ id: notes.id }).from(notes).where(isNull(notes.excerpt));
	if (missing.length === 0) return 0;
	await transaction(db, async (tx) => {
		for (const { id } of missing) {
			const [note] = await tx
				.select({ content: notes.content })
				.from(notes)
				.where(eq(notes.id, id))
				.limit(1);
			if (note) await tx.update(notes).set(listing(note.content)).where(eq(notes.id, id));
		}
	});
	return missing.length;
}

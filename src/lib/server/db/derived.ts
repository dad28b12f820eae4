import { eq, isNull } from 'drizzle-orm';
import { listing } from '../../domain/notes';
import type { Db } from './connection';
import { notes } from './schema';

/**
 * Columns that keep something worked out from a row's other columns (a note's journal line,
 * see `listing`) are written with the row. Rows saved before such a column existed are filled in
 * here, at start-up, after the migrations and before the first request: all in one transaction.
 * A change to how they are worked out comes with a migration that sets them back to null.
 */
export function fillDerived(db: Db): number {
	const missing = db.select({ id: notes.id, content: notes.content }).from(notes).where(isNull(notes.excerpt)).all();
	if (missing.length === 0) return 0;
	db.transaction((tx) => {
		for (const note of missing) tx.update(notes).set(listing(note.content)).where(eq(notes.id, note.id)).run();
	});
	return missing.length;
}

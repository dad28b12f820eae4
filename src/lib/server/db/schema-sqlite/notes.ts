import {
	sqliteTable,
	text,
	integer,
	index,
	uniqueIndex,
	primaryKey
} from 'drizzle-orm/sqlite-core';
import { users } from './auth';
import { spaces } from './spaces';
import { noteKinds, type NoteContent } from '../../../domain/notes';
import { audiences } from '../../../domain/sharing';

/** A private note: readable by its author only, through every path. */
export const notes = sqliteTable(
	'notes',
	{
		id: text('id').primaryKey(),
		spaceId: text('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		authorId: text('author_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: noteKinds }).notNull(),
		content: text('content', { mode: 'json' }).$type<NoteContent>().notNull(),
		/**
		 * What the journal lists the note by, worked out from its content when it is saved
		 * (`listing` in domain/notes): its line, and the prompt a guided entry answers. Kept so
		 * that a page of the journal reads only its index, whatever the notes' length. Null only
		 * for notes saved before these were kept, until start-up fills them in (db/derived.ts).
		 */
		excerpt: text('excerpt'),
		promptId: text('prompt_id'),
		/** The stage the space was in when the note was written. */
		stage: integer('stage').notNull().default(1),
		/** Chosen by the form that created the note, so sending it twice creates it once. */
		clientId: text('client_id').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [
		uniqueIndex('notes_author_client_idx').on(t.authorId, t.clientId),
		// The journal reads a page at a time, newest first (ties broken by id), from this index
		// alone: it holds all a page shows.
		index('notes_space_author_idx').on(
			t.spaceId,
			t.authorId,
			t.createdAt,
			t.id,
			t.kind,
			t.excerpt,
			t.promptId
		)
	]
);

/** Text being written, saved as it is typed so nothing is lost. Author only. */
export const noteDrafts = sqliteTable(
	'note_drafts',
	{
		authorId: text('author_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		spaceId: text('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		/** Which form: "new-journal", "new-emotion", "new-thought" or "edit-<noteId>". */
		key: text('key').notNull(),
		fields: text('fields', { mode: 'json' }).$type<Record<string, string | string[]>>().notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.authorId, t.spaceId, t.key] })]
);

/** A snapshot of a note, made by an explicit act of sharing with a chosen audience. */
export const sharedItems = sqliteTable(
	'shared_items',
	{
		id: text('id').primaryKey(),
		spaceId: text('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		authorId: text('author_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** The private note it was made from; the note itself is never reachable through this. */
		noteId: text('note_id').references(() => notes.id, { onDelete: 'set null' }),
		kind: text('kind', { enum: noteKinds }).notNull(),
		/** The copy's words; null once withdrawn, when they are erased (only the dates stay). */
		content: text('content', { mode: 'json' }).$type<NoteContent>(),
		audience: text('audience', { enum: audiences }).notNull(),
		clientId: text('client_id').notNull(),
		sharedAt: integer('shared_at', { mode: 'timestamp_ms' }).notNull(),
		withdrawnAt: integer('withdrawn_at', { mode: 'timestamp_ms' })
	},
	(t) => [
		uniqueIndex('shared_items_author_client_idx').on(t.authorId, t.clientId),
		index('shared_items_space_idx').on(t.spaceId, t.sharedAt),
		// The journal says, for each note on a page, whether a copy of it is shared.
		index('shared_items_author_note_idx').on(t.spaceId, t.authorId, t.noteId)
	]
);

/** "I read this": one per reader per item. */
export const sharedAcks = sqliteTable(
	'shared_acks',
	{
		itemId: text('item_id')
			.notNull()
			.references(() => sharedItems.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		ackedAt: integer('acked_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.itemId, t.userId] })]
);

/**
 * That a person has opened something shared with them: the page showing it in full was in front
 * of them. It is theirs alone (it only keeps the item off their "Waiting for you"); the author
 * learns of reading only through "I read this".
 */
export const sharedReads = sqliteTable(
	'shared_reads',
	{
		itemId: text('item_id')
			.notNull()
			.references(() => sharedItems.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		openedAt: integer('opened_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.itemId, t.userId] })]
);

export type Note = typeof notes.$inferSelect;
export type SharedItem = typeof sharedItems.$inferSelect;

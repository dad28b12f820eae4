import { pgTable, text, integer, json, index, uniqueIndex, primaryKey } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { spaces } from './spaces';
import { timestampMs } from './columns';
import { noteKinds, type NoteContent } from '../../../domain/notes';
import { audiences } from '../../../domain/sharing';

// The tables of ../schema/notes.ts, column for column; what each column means is said there.

export const notes = pgTable(
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
		content: json('content').$type<NoteContent>().notNull(),
		excerpt: text('excerpt'),
		promptId: text('prompt_id'),
		stage: integer('stage').notNull().default(1),
		clientId: text('client_id').notNull(),
		createdAt: timestampMs('created_at').notNull(),
		updatedAt: timestampMs('updated_at').notNull()
	},
	(t) => [
		uniqueIndex('notes_author_client_idx').on(t.authorId, t.clientId),
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

export const noteDrafts = pgTable(
	'note_drafts',
	{
		authorId: text('author_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		spaceId: text('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		key: text('key').notNull(),
		fields: json('fields').$type<Record<string, string | string[]>>().notNull(),
		updatedAt: timestampMs('updated_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.authorId, t.spaceId, t.key] })]
);

export const sharedItems = pgTable(
	'shared_items',
	{
		id: text('id').primaryKey(),
		spaceId: text('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		authorId: text('author_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		noteId: text('note_id').references(() => notes.id, { onDelete: 'set null' }),
		kind: text('kind', { enum: noteKinds }).notNull(),
		content: json('content').$type<NoteContent>(),
		audience: text('audience', { enum: audiences }).notNull(),
		clientId: text('client_id').notNull(),
		sharedAt: timestampMs('shared_at').notNull(),
		withdrawnAt: timestampMs('withdrawn_at')
	},
	(t) => [
		uniqueIndex('shared_items_author_client_idx').on(t.authorId, t.clientId),
		index('shared_items_space_idx').on(t.spaceId, t.sharedAt),
		index('shared_items_author_note_idx').on(t.spaceId, t.authorId, t.noteId)
	]
);

export const sharedAcks = pgTable(
	'shared_acks',
	{
		itemId: text('item_id')
			.notNull()
			.references(() => sharedItems.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		ackedAt: timestampMs('acked_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.itemId, t.userId] })]
);

export const sharedReads = pgTable(
	'shared_reads',
	{
		itemId: text('item_id')
			.notNull()
			.references(() => sharedItems.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		openedAt: timestampMs('opened_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.itemId, t.userId] })]
);

export type Note = typeof notes.$inferSelect;
export type SharedItem = typeof sharedItems.$inferSelect;

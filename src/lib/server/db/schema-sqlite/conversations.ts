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
import { formats, type Event, type State } from '../../../domain/conversation';

/** A conversation session. Its state is kept next to its events, updated in the same transaction. */
export const conversations = sqliteTable(
	'conversations',
	{
		id: text('id').primaryKey(),
		spaceId: text('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		topic: text('topic').notNull(),
		agenda: text('agenda', { mode: 'json' }).$type<string[]>().notNull(),
		format: text('format', { enum: formats }).notNull(),
		turnSeconds: integer('turn_seconds'),
		scheduledFor: integer('scheduled_for', { mode: 'timestamp_ms' }),
		stage: integer('stage').notNull(),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		/** Chosen by the form that started it, so starting twice starts once. */
		clientId: text('client_id').notNull(),
		state: text('state', { mode: 'json' }).$type<State>().notNull(),
		/**
		 * While it is going on, since when nothing has happened (the end of a time-out counts as
		 * something); null when planned or ended. A conversation quiet for long ends by itself.
		 */
		quietSince: integer('quiet_since', { mode: 'timestamp_ms' })
	},
	(t) => [
		uniqueIndex('conversations_client_idx').on(t.spaceId, t.clientId),
		index('conversations_space_idx').on(t.spaceId, t.createdAt),
		index('conversations_planned_idx').on(t.scheduledFor),
		index('conversations_quiet_idx').on(t.quietSince)
	]
);

/**
 * Every event of a session, numbered from 1 without gaps. Stored before it is sent to anyone;
 * the client's id for it makes a re-sent command land once.
 */
export const conversationEvents = sqliteTable(
	'conversation_events',
	{
		conversationId: text('conversation_id')
			.notNull()
			.references(() => conversations.id, { onDelete: 'cascade' }),
		seq: integer('seq').notNull(),
		kind: text('kind').$type<Event['kind']>().notNull(),
		actorId: text('actor_id').references(() => users.id, { onDelete: 'set null' }),
		data: text('data', { mode: 'json' }).$type<Event['data']>().notNull(),
		clientId: text('client_id').notNull(),
		at: integer('at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [
		primaryKey({ columns: [t.conversationId, t.seq] }),
		uniqueIndex('conversation_events_client_idx').on(t.conversationId, t.clientId),
		// Time-outs lately called, for their reminders.
		index('conversation_events_kind_idx').on(t.kind, t.at)
	]
);

export type Conversation = typeof conversations.$inferSelect;
export type ConversationEvent = typeof conversationEvents.$inferSelect;

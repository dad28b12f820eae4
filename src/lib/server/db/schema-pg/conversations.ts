import { pgTable, text, integer, json, index, uniqueIndex, primaryKey } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { spaces } from './spaces';
import { timestampMs } from './columns';
import { formats, type Event, type State } from '../../../domain/conversation';

// The tables of ../schema/conversations.ts, column for column; what each column means is said there.

export const conversations = pgTable(
	'conversations',
	{
		id: text('id').primaryKey(),
		spaceId: text('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		topic: text('topic').notNull(),
		agenda: json('agenda').$type<string[]>().notNull(),
		format: text('format', { enum: formats }).notNull(),
		turnSeconds: integer('turn_seconds'),
		scheduledFor: timestampMs('scheduled_for'),
		stage: integer('stage').notNull(),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestampMs('created_at').notNull(),
		clientId: text('client_id').notNull(),
		state: json('state').$type<State>().notNull(),
		quietSince: timestampMs('quiet_since')
	},
	(t) => [
		uniqueIndex('conversations_client_idx').on(t.spaceId, t.clientId),
		index('conversations_space_idx').on(t.spaceId, t.createdAt),
		index('conversations_planned_idx').on(t.scheduledFor),
		index('conversations_quiet_idx').on(t.quietSince)
	]
);

export const conversationEvents = pgTable(
	'conversation_events',
	{
		conversationId: text('conversation_id')
			.notNull()
			.references(() => conversations.id, { onDelete: 'cascade' }),
		seq: integer('seq').notNull(),
		kind: text('kind').$type<Event['kind']>().notNull(),
		actorId: text('actor_id').references(() => users.id, { onDelete: 'set null' }),
		data: json('data').$type<Event['data']>().notNull(),
		clientId: text('client_id').notNull(),
		at: timestampMs('at').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.conversationId, t.seq] }),
		uniqueIndex('conversation_events_client_idx').on(t.conversationId, t.clientId),
		index('conversation_events_kind_idx').on(t.kind, t.at)
	]
);

export type Conversation = typeof conversations.$inferSelect;
export type ConversationEvent = typeof conversationEvents.$inferSelect;

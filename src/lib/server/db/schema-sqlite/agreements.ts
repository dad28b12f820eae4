import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './auth';
import { spaces } from './spaces';
import { appliesTo, keepingOutcomes, versionStates } from '../../../domain/agreements';

export const agreements = sqliteTable(
	'agreements',
	{
		id: text('id').primaryKey(),
		spaceId: text('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		clientId: text('client_id').notNull(),
		retireRequestedBy: text('retire_requested_by').references(() => users.id, {
			onDelete: 'set null'
		}),
		retireRequestedAt: integer('retire_requested_at', { mode: 'timestamp_ms' }),
		retiredBy: text('retired_by').references(() => users.id, { onDelete: 'set null' }),
		retiredAt: integer('retired_at', { mode: 'timestamp_ms' })
	},
	(t) => [
		index('agreements_space_idx').on(t.spaceId, t.createdAt),
		uniqueIndex('agreements_client_idx').on(t.spaceId, t.clientId)
	]
);

/** Every version ever proposed, with who proposed it and who answered, and when. */
export const agreementVersions = sqliteTable(
	'agreement_versions',
	{
		agreementId: text('agreement_id')
			.notNull()
			.references(() => agreements.id, { onDelete: 'cascade' }),
		number: integer('number').notNull(),
		title: text('title').notNull(),
		details: text('details').notNull(),
		appliesTo: text('applies_to', { enum: appliesTo }).notNull(),
		reviewOn: text('review_on'),
		state: text('state', { enum: versionStates }).notNull(),
		proposedBy: text('proposed_by').notNull(),
		proposedAt: integer('proposed_at', { mode: 'timestamp_ms' }).notNull(),
		decidedBy: text('decided_by'),
		decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
		declineNote: text('decline_note'),
		basedOn: integer('based_on')
	},
	(t) => [uniqueIndex('agreement_versions_idx').on(t.agreementId, t.number)]
);

/** One partner's word on whether an agreement was kept since their last log. */
export const keepingLogs = sqliteTable(
	'keeping_logs',
	{
		id: text('id').primaryKey(),
		agreementId: text('agreement_id')
			.notNull()
			.references(() => agreements.id, { onDelete: 'cascade' }),
		spaceId: text('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		authorId: text('author_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		version: integer('version').notNull(),
		outcome: text('outcome', { enum: keepingOutcomes }).notNull(),
		/** Optional; private to the author unless they chose to share it. */
		note: text('note').notNull().default(''),
		noteShared: integer('note_shared', { mode: 'boolean' }).notNull().default(false),
		clientId: text('client_id').notNull(),
		loggedAt: integer('logged_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [
		uniqueIndex('keeping_logs_client_idx').on(t.authorId, t.clientId),
		index('keeping_logs_agreement_idx').on(t.agreementId, t.loggedAt),
		index('keeping_logs_space_idx').on(t.spaceId, t.loggedAt)
	]
);

export type AgreementRow = typeof agreements.$inferSelect;
export type VersionRow = typeof agreementVersions.$inferSelect;
export type KeepingLog = typeof keepingLogs.$inferSelect;

import { pgTable, text, integer, boolean, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { spaces } from './spaces';
import { timestampMs } from './columns';
import { appliesTo, keepingOutcomes, versionStates } from '../../../domain/agreements';

// The tables of ../schema/agreements.ts, column for column; what each column means is said there.

export const agreements = pgTable(
	'agreements',
	{
		id: text('id').primaryKey(),
		spaceId: text('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestampMs('created_at').notNull(),
		clientId: text('client_id').notNull(),
		retireRequestedBy: text('retire_requested_by').references(() => users.id, {
			onDelete: 'set null'
		}),
		retireRequestedAt: timestampMs('retire_requested_at'),
		retiredBy: text('retired_by').references(() => users.id, { onDelete: 'set null' }),
		retiredAt: timestampMs('retired_at')
	},
	(t) => [
		index('agreements_space_idx').on(t.spaceId, t.createdAt),
		uniqueIndex('agreements_client_idx').on(t.spaceId, t.clientId)
	]
);

export const agreementVersions = pgTable(
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
		proposedAt: timestampMs('proposed_at').notNull(),
		decidedBy: text('decided_by'),
		decidedAt: timestampMs('decided_at'),
		declineNote: text('decline_note'),
		basedOn: integer('based_on')
	},
	(t) => [uniqueIndex('agreement_versions_idx').on(t.agreementId, t.number)]
);

export const keepingLogs = pgTable(
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
		note: text('note').notNull().default(''),
		noteShared: boolean('note_shared').notNull().default(false),
		clientId: text('client_id').notNull(),
		loggedAt: timestampMs('logged_at').notNull()
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

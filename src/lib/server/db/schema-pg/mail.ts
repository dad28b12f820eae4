import { pgTable, text, integer, json, index } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { bytes, timestampMs } from './columns';
import { tokenPurposes } from '../schema-sqlite/mail';

// The tables of ../schema/mail.ts, column for column; what each column means is said there.
export { tokenPurposes, type TokenPurpose } from '../schema-sqlite/mail';

export const emailTokens = pgTable(
	'email_tokens',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		purpose: text('purpose', { enum: tokenPurposes }).notNull(),
		email: text('email').notNull(),
		secretHash: bytes('secret_hash').notNull(),
		createdAt: timestampMs('created_at').notNull(),
		expiresAt: timestampMs('expires_at').notNull(),
		usedAt: timestampMs('used_at')
	},
	(t) => [
		index('email_tokens_user_idx').on(t.userId, t.purpose),
		index('email_tokens_expiry_idx').on(t.expiresAt)
	]
);

export const mailOutbox = pgTable(
	'mail_outbox',
	{
		id: text('id').primaryKey(),
		userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
		toAddress: text('to_address').notNull(),
		kind: text('kind').notNull(),
		params: json('params').$type<Record<string, string>>().notNull(),
		createdAt: timestampMs('created_at').notNull(),
		dueAt: timestampMs('due_at').notNull(),
		attempts: integer('attempts').notNull().default(0),
		sentAt: timestampMs('sent_at'),
		failedAt: timestampMs('failed_at')
	},
	(t) => [index('mail_outbox_due_idx').on(t.sentAt, t.failedAt, t.dueAt)]
);

export type EmailToken = typeof emailTokens.$inferSelect;
export type OutboxRow = typeof mailOutbox.$inferSelect;

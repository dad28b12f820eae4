import { sqliteTable, text, integer, blob, index } from 'drizzle-orm/sqlite-core';
import { users } from './auth';

export const tokenPurposes = ['verify', 'reset', 'change_email', 'undo_email_change'] as const;
export type TokenPurpose = (typeof tokenPurposes)[number];

/**
 * Links sent by email (verify an address, reset a password, confirm a new address, put the old
 * one back). Only a hash
 * of each link's secret is kept; the secret itself is derived again from the server's key when
 * the message is sent, so the database alone never holds a usable link.
 */
export const emailTokens = sqliteTable(
	'email_tokens',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		purpose: text('purpose', { enum: tokenPurposes }).notNull(),
		/** The address the link was sent to (normalised). */
		email: text('email').notNull(),
		secretHash: blob('secret_hash', { mode: 'buffer' }).notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		usedAt: integer('used_at', { mode: 'timestamp_ms' })
	},
	(t) => [
		index('email_tokens_user_idx').on(t.userId, t.purpose),
		index('email_tokens_expiry_idx').on(t.expiresAt)
	]
);

/**
 * Messages waiting to be sent, written in the same transaction as the change that causes them;
 * a background sender delivers them. Their words are made when they are sent, from `params`,
 * which never holds anything anyone wrote.
 */
export const mailOutbox = sqliteTable(
	'mail_outbox',
	{
		id: text('id').primaryKey(),
		/** The account it concerns; its mail goes when the account does. */
		userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
		toAddress: text('to_address').notNull(),
		kind: text('kind').notNull(),
		params: text('params', { mode: 'json' }).$type<Record<string, string>>().notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		/** When it is next tried. */
		dueAt: integer('due_at', { mode: 'timestamp_ms' }).notNull(),
		attempts: integer('attempts').notNull().default(0),
		sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
		/** Set when it was given up on after every retry. */
		failedAt: integer('failed_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('mail_outbox_due_idx').on(t.sentAt, t.failedAt, t.dueAt)]
);

export type EmailToken = typeof emailTokens.$inferSelect;
export type OutboxRow = typeof mailOutbox.$inferSelect;

import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { users } from './auth';
import { spaces } from './spaces';

/**
 * Something a person may be told about, waiting to be told. Rows hold no words anyone wrote and
 * no names: only what kind of thing happened, where, and which page shows it.
 */
export const notifications = sqliteTable(
	'notifications',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		spaceId: text('space_id').references(() => spaces.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		/** The page that shows it (behind log-in). */
		path: text('path').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		/** Set once it was told, or seen live, or not to be told at all. */
		handledAt: integer('handled_at', { mode: 'timestamp_ms' }),
		/** 'told', 'seen' (a device of theirs was connected) or 'off' (their settings). */
		outcome: text('outcome')
	},
	(t) => [index('notifications_waiting_idx').on(t.handledAt, t.userId, t.createdAt)]
);

/** Each person's choices; no row means the defaults. */
export const notificationSettings = sqliteTable('notification_settings', {
	userId: text('user_id')
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	/** Groups told by email, and by the person's devices. */
	emailGroups: text('email_groups', { mode: 'json' }).$type<string[]>().notNull(),
	pushGroups: text('push_groups', { mode: 'json' }).$type<string[]>().notNull(),
	/** Quiet hours as minutes after midnight in the person's zone; both or neither. */
	quietFrom: integer('quiet_from'),
	quietUntil: integer('quiet_until'),
	digest: integer('digest', { mode: 'boolean' }).notNull().default(false),
	showKind: integer('show_kind', { mode: 'boolean' }).notNull().default(false),
	/** The local day (YYYY-MM-DD) the last digest went out. */
	digestSentOn: text('digest_sent_on')
});

export type NotificationRow = typeof notifications.$inferSelect;
export type NotificationSettingsRow = typeof notificationSettings.$inferSelect;

import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { sessions, users } from './auth';
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
		/** For a reminder, what it reminds of: the same reminder is noted once, however often asked. */
		key: text('key'),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		/** Set once it was told, or seen live, or not to be told at all. */
		handledAt: integer('handled_at', { mode: 'timestamp_ms' }),
		/** 'told', 'seen' (a device of theirs was connected) or 'off' (their settings). */
		outcome: text('outcome')
	},
	(t) => [
		index('notifications_waiting_idx').on(t.handledAt, t.userId, t.createdAt),
		uniqueIndex('notifications_key_idx').on(t.userId, t.key)
	]
);

/** Each person's choices; no row means the defaults. */
export const notificationSettings = sqliteTable('notification_settings', {
	userId: text('user_id')
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	/** Groups told by email. */
	emailGroups: text('email_groups', { mode: 'json' }).$type<string[]>().notNull(),
	/** Quiet hours as minutes after midnight in the person's zone; both or neither. */
	quietFrom: integer('quiet_from'),
	quietUntil: integer('quiet_until'),
	digest: integer('digest', { mode: 'boolean' }).notNull().default(false),
	showKind: integer('show_kind', { mode: 'boolean' }).notNull().default(false),
	/** The local day (YYYY-MM-DD) the last digest went out. */
	digestSentOn: text('digest_sent_on')
});

/**
 * A device that asked to be notified: its browser's push subscription, tied to the session it
 * was made in, so logging out (or a password reset) stops it too.
 */
export const pushSubscriptions = sqliteTable(
	'push_subscriptions',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		sessionId: text('session_id')
			.notNull()
			.references(() => sessions.id, { onDelete: 'cascade' }),
		endpoint: text('endpoint').notNull(),
		/** The browser's public key and auth secret, which messages are encrypted for. */
		p256dh: text('p256dh').notNull(),
		auth: text('auth').notNull(),
		/** Groups this device is told about. */
		groups: text('groups', { mode: 'json' }).$type<string[]>().notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [
		uniqueIndex('push_subscriptions_endpoint_idx').on(t.endpoint),
		index('push_subscriptions_user_idx').on(t.userId),
		index('push_subscriptions_session_idx').on(t.sessionId)
	]
);

export type PushSubscriptionRow = typeof pushSubscriptions.$inferSelect;
export type NotificationRow = typeof notifications.$inferSelect;
export type NotificationSettingsRow = typeof notificationSettings.$inferSelect;

import { pgTable, text, integer, boolean, json, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { sessions, users } from './auth';
import { spaces } from './spaces';
import { timestampMs } from './columns';

// The tables of ../schema/notifications.ts, column for column; what each column means is said there.

export const notifications = pgTable(
	'notifications',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		spaceId: text('space_id').references(() => spaces.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		path: text('path').notNull(),
		key: text('key'),
		createdAt: timestampMs('created_at').notNull(),
		handledAt: timestampMs('handled_at'),
		outcome: text('outcome')
	},
	(t) => [
		index('notifications_waiting_idx').on(t.handledAt, t.userId, t.createdAt),
		uniqueIndex('notifications_key_idx').on(t.userId, t.key)
	]
);

export const notificationSettings = pgTable('notification_settings', {
	userId: text('user_id')
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	emailGroups: json('email_groups').$type<string[]>().notNull(),
	quietFrom: integer('quiet_from'),
	quietUntil: integer('quiet_until'),
	digest: boolean('digest').notNull().default(false),
	showKind: boolean('show_kind').notNull().default(false),
	digestSentOn: text('digest_sent_on')
});

export const pushSubscriptions = pgTable(
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
		p256dh: text('p256dh').notNull(),
		auth: text('auth').notNull(),
		groups: json('groups').$type<string[]>().notNull(),
		createdAt: timestampMs('created_at').notNull()
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

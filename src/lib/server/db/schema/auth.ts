import { sqliteTable, text, integer, blob, index } from 'drizzle-orm/sqlite-core';

export const accountKinds = ['partner', 'counselor'] as const;
export type AccountKind = (typeof accountKinds)[number];

export const users = sqliteTable('users', {
	id: text('id').primaryKey(),
	/** Normalised (trimmed, NFKC, lower-case) so comparison is case-insensitive. */
	email: text('email').notNull().unique(),
	displayName: text('display_name').notNull(),
	passwordHash: text('password_hash').notNull(),
	kind: text('kind', { enum: accountKinds }).notNull(),
	/** An IANA zone ("Europe/Berlin"): check-ins fall due at a time of day in this zone. */
	timeZone: text('time_zone').notNull().default('UTC'),
	createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
	/** When the person opened the link mailed to their address; null until then. */
	emailVerifiedAt: integer('email_verified_at', { mode: 'timestamp_ms' })
});

export const sessions = sqliteTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** SHA-256 of the token's secret part; the secret itself is never stored. */
		secretHash: blob('secret_hash', { mode: 'buffer' }).notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		lastActiveAt: integer('last_active_at', { mode: 'timestamp_ms' }).notNull(),
		/** A coarse device description ("Chrome on Android"), never the raw user agent. */
		device: text('device').notNull(),
		/** Set while this device is locked: it shows nothing until the password is given again. */
		lockedAt: integer('locked_at', { mode: 'timestamp_ms' }),
		/** Minutes without use before this device locks; null: it does not lock by itself. */
		lockAfterMinutes: integer('lock_after_minutes')
	},
	(t) => [index('sessions_user_idx').on(t.userId), index('sessions_active_idx').on(t.lastActiveAt)]
);

/** Failed log-in bookkeeping per key ("account:<email>" or "address:<ip>"). */
export const loginThrottle = sqliteTable('login_throttle', {
	key: text('key').primaryKey(),
	failures: integer('failures').notNull(),
	lastFailureAt: integer('last_failure_at', { mode: 'timestamp_ms' }).notNull(),
	blockedUntil: integer('blocked_until', { mode: 'timestamp_ms' }).notNull()
});

/**
 * Browsers a person has logged in from. Their log-ins are counted on their own, so nobody who
 * knows the person's email can hold them up there by failing on purpose elsewhere.
 */
export const knownDevices = sqliteTable(
	'known_devices',
	{
		/** SHA-256 (hex) of the token in the browser's cookie; the token itself is never stored. */
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [
		index('known_devices_user_idx').on(t.userId),
		index('known_devices_used_idx').on(t.lastUsedAt)
	]
);

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type ThrottleRow = typeof loginThrottle.$inferSelect;

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

/**
 * Two-step verification with an authenticator app. The row exists from "Turn on" and is only in
 * force once `enabledAt` is set, after the person typed a code the key makes (so nobody is locked
 * out by a key their app never took in).
 */
export const twoStep = sqliteTable('two_step', {
	userId: text('user_id')
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	/** The authenticator key, encrypted with a key derived from the server's own (never stored here). */
	sealedKey: blob('sealed_key', { mode: 'buffer' }).notNull(),
	createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
	enabledAt: integer('enabled_at', { mode: 'timestamp_ms' }),
	/** The last 30-second step a code was accepted for: that code, and older ones, never work again. */
	lastUsedStep: integer('last_used_step')
});

/** Single-use codes for when the authenticator app is out of reach; only their hashes are kept. */
export const recoveryCodes = sqliteTable(
	'recovery_codes',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** SHA-256 of the code (a high-entropy random string); the code itself is shown once. */
		codeHash: blob('code_hash', { mode: 'buffer' }).notNull(),
		usedAt: integer('used_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('recovery_codes_user_idx').on(t.userId)]
);

/**
 * A log-in whose password was right, waiting for the code from the authenticator app. It is no
 * session: it opens no page and no live connection, lasts minutes and is used once.
 */
export const pendingLogins = sqliteTable(
	'pending_logins',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** SHA-256 of the token's secret part, as for sessions. */
		secretHash: blob('secret_hash', { mode: 'buffer' }).notNull(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [
		index('pending_logins_user_idx').on(t.userId),
		index('pending_logins_expires_idx').on(t.expiresAt)
	]
);

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type ThrottleRow = typeof loginThrottle.$inferSelect;

import { pgTable, text, integer, index } from 'drizzle-orm/pg-core';
import { accountKinds } from '../schema-sqlite/auth';
import { bytes, timestampMs } from './columns';

// The tables of ../schema/auth.ts, column for column; what each column means is said there.
export { accountKinds, type AccountKind } from '../schema-sqlite/auth';

export const users = pgTable('users', {
	id: text('id').primaryKey(),
	email: text('email').notNull().unique(),
	displayName: text('display_name').notNull(),
	passwordHash: text('password_hash').notNull(),
	kind: text('kind', { enum: accountKinds }).notNull(),
	timeZone: text('time_zone').notNull().default('UTC'),
	createdAt: timestampMs('created_at').notNull(),
	emailVerifiedAt: timestampMs('email_verified_at')
});

export const sessions = pgTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		secretHash: bytes('secret_hash').notNull(),
		createdAt: timestampMs('created_at').notNull(),
		lastActiveAt: timestampMs('last_active_at').notNull(),
		device: text('device').notNull(),
		lockedAt: timestampMs('locked_at'),
		lockAfterMinutes: integer('lock_after_minutes')
	},
	(t) => [index('sessions_user_idx').on(t.userId), index('sessions_active_idx').on(t.lastActiveAt)]
);

export const loginThrottle = pgTable('login_throttle', {
	key: text('key').primaryKey(),
	failures: integer('failures').notNull(),
	lastFailureAt: timestampMs('last_failure_at').notNull(),
	blockedUntil: timestampMs('blocked_until').notNull()
});

export const knownDevices = pgTable(
	'known_devices',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: timestampMs('created_at').notNull(),
		lastUsedAt: timestampMs('last_used_at').notNull()
	},
	(t) => [
		index('known_devices_user_idx').on(t.userId),
		index('known_devices_used_idx').on(t.lastUsedAt)
	]
);

export const twoStep = pgTable('two_step', {
	userId: text('user_id')
		.primaryKey()
		.references(() => users.id, { onDelete: 'cascade' }),
	sealedKey: bytes('sealed_key').notNull(),
	createdAt: timestampMs('created_at').notNull(),
	enabledAt: timestampMs('enabled_at'),
	/** A 30-second step since 1970, about 5.9 × 10⁷ now: an integer holds them until the year 4000. */
	lastUsedStep: integer('last_used_step')
});

export const recoveryCodes = pgTable(
	'recovery_codes',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		codeHash: bytes('code_hash').notNull(),
		usedAt: timestampMs('used_at')
	},
	(t) => [index('recovery_codes_user_idx').on(t.userId)]
);

export const pendingLogins = pgTable(
	'pending_logins',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		secretHash: bytes('secret_hash').notNull(),
		expiresAt: timestampMs('expires_at').notNull()
	},
	(t) => [
		index('pending_logins_user_idx').on(t.userId),
		index('pending_logins_expires_idx').on(t.expiresAt)
	]
);

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type ThrottleRow = typeof loginThrottle.$inferSelect;

import {
	sqliteTable,
	text,
	integer,
	blob,
	index,
	uniqueIndex,
	primaryKey
} from 'drizzle-orm/sqlite-core';
import { users } from './auth';
import {
	memberRoles,
	membershipStatuses,
	perspectives,
	safetyAnswers,
	spaceStatuses
} from '../../../domain/spaces';
import { milestoneKinds } from '../../../domain/journey';

export const spaces = sqliteTable(
	'spaces',
	{
		id: text('id').primaryKey(),
		name: text('name').notNull(),
		status: text('status', { enum: spaceStatuses }).notNull().default('active'),
		stage: integer('stage').notNull().default(1),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		/** The id the form that started the space carried: sending it twice starts one space. */
		clientId: text('client_id'),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
		closedReason: text('closed_reason', { enum: ['partner_left', 'stepped_back'] }),
		/**
		 * When the partners' latest step forward together brought the space to the stage it is at,
		 * and how (they moved on, or both chose to continue): the milestone they are greeted for.
		 * Written with the step (journey/store.ts); null at the first stage and after a step back.
		 */
		reachedAt: integer('reached_at', { mode: 'timestamp_ms' }),
		reachedHow: text('reached_how', { enum: milestoneKinds })
	},
	(t) => [uniqueIndex('spaces_creator_client_idx').on(t.createdBy, t.clientId)]
);

export const memberships = sqliteTable(
	'memberships',
	{
		id: text('id').primaryKey(),
		spaceId: text('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: text('role', { enum: memberRoles }).notNull(),
		status: text('status', { enum: membershipStatuses }).notNull(),
		/** How a partner sees themselves; private to that partner. */
		perspective: text('perspective', { enum: perspectives }),
		/** Whether the other partner (and a counselor) may see that this partner is working on a stage. */
		showsActivity: integer('shows_activity', { mode: 'boolean' }).notNull().default(false),
		/** The moment of the latest milestone of the journey this person has been shown. */
		acknowledgedAt: integer('acknowledged_at', { mode: 'timestamp_ms' }),
		joinedAt: integer('joined_at', { mode: 'timestamp_ms' }).notNull(),
		endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
		/** For a counselor who was not admitted: when they put away the notice telling them so. */
		endNoticeSeenAt: integer('end_notice_seen_at', { mode: 'timestamp_ms' })
	},
	(t) => [
		uniqueIndex('memberships_space_user_idx').on(t.spaceId, t.userId),
		index('memberships_user_idx').on(t.userId)
	]
);

/** A partner's decision about a counselor who asked to join. */
export const counselorDecisions = sqliteTable(
	'counselor_decisions',
	{
		membershipId: text('membership_id')
			.notNull()
			.references(() => memberships.id, { onDelete: 'cascade' }),
		partnerId: text('partner_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		decision: text('decision', { enum: ['approved', 'declined'] }).notNull(),
		decidedAt: integer('decided_at', { mode: 'timestamp_ms' }).notNull(),
		/** For a partner who approved a counselor the other declined: when they put away that notice. */
		outcomeSeenAt: integer('outcome_seen_at', { mode: 'timestamp_ms' })
	},
	(t) => [primaryKey({ columns: [t.membershipId, t.partnerId] })]
);

export const invites = sqliteTable(
	'invites',
	{
		id: text('id').primaryKey(),
		spaceId: text('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		role: text('role', { enum: memberRoles }).notNull(),
		/** SHA-256 of the link secret and of the short code; neither is stored. */
		linkHash: blob('link_hash', { mode: 'buffer' }).notNull(),
		codeHash: blob('code_hash', { mode: 'buffer' }).notNull(),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		usedAt: integer('used_at', { mode: 'timestamp_ms' }),
		usedBy: text('used_by').references(() => users.id, { onDelete: 'set null' }),
		revokedAt: integer('revoked_at', { mode: 'timestamp_ms' })
	},
	(t) => [
		uniqueIndex('invites_link_idx').on(t.linkHash),
		uniqueIndex('invites_code_idx').on(t.codeHash),
		index('invites_space_idx').on(t.spaceId)
	]
);

/** The answer to "Do you feel safe with your partner?": readable by its author only. */
export const safetyChecks = sqliteTable(
	'safety_checks',
	{
		spaceId: text('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		answer: text('answer', { enum: safetyAnswers }).notNull(),
		answeredAt: integer('answered_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.spaceId, t.userId] })]
);

export type Space = typeof spaces.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type Invite = typeof invites.$inferSelect;

import {
	pgTable,
	text,
	integer,
	boolean,
	index,
	uniqueIndex,
	primaryKey
} from 'drizzle-orm/pg-core';
import { users } from './auth';
import { bytes, timestampMs } from './columns';
import {
	memberRoles,
	membershipStatuses,
	perspectives,
	safetyAnswers,
	spaceStatuses
} from '../../../domain/spaces';
import { milestoneKinds } from '../../../domain/journey';

// The tables of ../schema/spaces.ts, column for column; what each column means is said there.

export const spaces = pgTable(
	'spaces',
	{
		id: text('id').primaryKey(),
		name: text('name').notNull(),
		status: text('status', { enum: spaceStatuses }).notNull().default('active'),
		stage: integer('stage').notNull().default(1),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		clientId: text('client_id'),
		createdAt: timestampMs('created_at').notNull(),
		closedAt: timestampMs('closed_at'),
		closedReason: text('closed_reason', { enum: ['partner_left', 'stepped_back'] }),
		reachedAt: timestampMs('reached_at'),
		reachedHow: text('reached_how', { enum: milestoneKinds })
	},
	(t) => [uniqueIndex('spaces_creator_client_idx').on(t.createdBy, t.clientId)]
);

export const memberships = pgTable(
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
		perspective: text('perspective', { enum: perspectives }),
		showsActivity: boolean('shows_activity').notNull().default(false),
		acknowledgedAt: timestampMs('acknowledged_at'),
		joinedAt: timestampMs('joined_at').notNull(),
		endedAt: timestampMs('ended_at'),
		endNoticeSeenAt: timestampMs('end_notice_seen_at')
	},
	(t) => [
		uniqueIndex('memberships_space_user_idx').on(t.spaceId, t.userId),
		index('memberships_user_idx').on(t.userId)
	]
);

export const counselorDecisions = pgTable(
	'counselor_decisions',
	{
		membershipId: text('membership_id')
			.notNull()
			.references(() => memberships.id, { onDelete: 'cascade' }),
		partnerId: text('partner_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		decision: text('decision', { enum: ['approved', 'declined'] }).notNull(),
		decidedAt: timestampMs('decided_at').notNull(),
		outcomeSeenAt: timestampMs('outcome_seen_at')
	},
	(t) => [primaryKey({ columns: [t.membershipId, t.partnerId] })]
);

export const invites = pgTable(
	'invites',
	{
		id: text('id').primaryKey(),
		spaceId: text('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		role: text('role', { enum: memberRoles }).notNull(),
		linkHash: bytes('link_hash').notNull(),
		codeHash: bytes('code_hash').notNull(),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestampMs('created_at').notNull(),
		expiresAt: timestampMs('expires_at').notNull(),
		usedAt: timestampMs('used_at'),
		usedBy: text('used_by').references(() => users.id, { onDelete: 'set null' }),
		revokedAt: timestampMs('revoked_at')
	},
	(t) => [
		uniqueIndex('invites_link_idx').on(t.linkHash),
		uniqueIndex('invites_code_idx').on(t.codeHash),
		index('invites_space_idx').on(t.spaceId)
	]
);

export const safetyChecks = pgTable(
	'safety_checks',
	{
		spaceId: text('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		answer: text('answer', { enum: safetyAnswers }).notNull(),
		answeredAt: timestampMs('answered_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.spaceId, t.userId] })]
);

export type Space = typeof spaces.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type Invite = typeof invites.$inferSelect;

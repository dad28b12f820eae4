import {
	sqliteTable,
	text,
	integer,
	index,
	uniqueIndex,
	primaryKey
} from 'drizzle-orm/sqlite-core';
import { users } from './auth';
import { spaces } from './spaces';
import { cadences } from '../../../domain/schedule';
import type { Answers, Question, Template } from '../../../domain/checkins';

/** A counselor's own check-in template. The built-in one is not stored. */
export const checkinTemplates = sqliteTable(
	'checkin_templates',
	{
		id: text('id').primaryKey(),
		counselorId: text('counselor_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		questions: text('questions', { mode: 'json' }).$type<Question[]>().notNull(),
		clientId: text('client_id').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
		/** Set aside: not offered for new check-ins. Schedules made from it keep their own copy. */
		archivedAt: integer('archived_at', { mode: 'timestamp_ms' })
	},
	(t) => [uniqueIndex('checkin_templates_client_idx').on(t.counselorId, t.clientId)]
);

/**
 * A template assigned to a space, once or on a cadence. The questions are copied in when it is
 * assigned, so changing the template later does not change what was asked before.
 */
export const checkinSchedules = sqliteTable(
	'checkin_schedules',
	{
		id: text('id').primaryKey(),
		spaceId: text('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		counselorId: text('counselor_id').references(() => users.id, { onDelete: 'set null' }),
		template: text('template', { mode: 'json' }).$type<Template>().notNull(),
		cadence: text('cadence', { enum: cadences }).notNull(),
		startDate: text('start_date').notNull(),
		time: text('time').notNull(),
		weekday: integer('weekday'),
		pausedFrom: text('paused_from'),
		/** Check-ins due before this moment are not counted as owed (set on creation, resume and change). */
		owedFrom: integer('owed_from', { mode: 'timestamp_ms' }),
		clientId: text('client_id').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [
		uniqueIndex('checkin_schedules_client_idx').on(t.spaceId, t.clientId),
		index('checkin_schedules_space_idx').on(t.spaceId)
	]
);

/** One partner's answers to one occurrence (named by its day): a draft until submitted. */
export const checkinAnswers = sqliteTable(
	'checkin_answers',
	{
		scheduleId: text('schedule_id')
			.notNull()
			.references(() => checkinSchedules.id, { onDelete: 'cascade' }),
		day: text('day').notNull(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		answers: text('answers', { mode: 'json' }).$type<Answers>().notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
		submittedAt: integer('submitted_at', { mode: 'timestamp_ms' })
	},
	(t) => [
		primaryKey({ columns: [t.scheduleId, t.day, t.userId] }),
		index('checkin_answers_user_idx').on(t.userId)
	]
);

/** A counselor's own notes about a space: private to that counselor, like any private note. */
export const counselorNotes = sqliteTable(
	'counselor_notes',
	{
		id: text('id').primaryKey(),
		spaceId: text('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		counselorId: text('counselor_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		body: text('body').notNull(),
		clientId: text('client_id').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [
		uniqueIndex('counselor_notes_client_idx').on(t.counselorId, t.clientId),
		index('counselor_notes_space_idx').on(t.spaceId, t.counselorId)
	]
);

export type CheckinSchedule = typeof checkinSchedules.$inferSelect;
export type CheckinAnswer = typeof checkinAnswers.$inferSelect;

import { pgTable, text, integer, json, index, uniqueIndex, primaryKey } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { spaces } from './spaces';
import { timestampMs } from './columns';
import { cadences } from '../../../domain/schedule';
import type { Answers, Question, Template } from '../../../domain/checkins';

// The tables of ../schema/checkins.ts, column for column; what each column means is said there.

export const checkinTemplates = pgTable(
	'checkin_templates',
	{
		id: text('id').primaryKey(),
		counselorId: text('counselor_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		questions: json('questions').$type<Question[]>().notNull(),
		clientId: text('client_id').notNull(),
		createdAt: timestampMs('created_at').notNull(),
		updatedAt: timestampMs('updated_at').notNull(),
		archivedAt: timestampMs('archived_at')
	},
	(t) => [uniqueIndex('checkin_templates_client_idx').on(t.counselorId, t.clientId)]
);

export const checkinSchedules = pgTable(
	'checkin_schedules',
	{
		id: text('id').primaryKey(),
		spaceId: text('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		counselorId: text('counselor_id').references(() => users.id, { onDelete: 'set null' }),
		template: json('template').$type<Template>().notNull(),
		cadence: text('cadence', { enum: cadences }).notNull(),
		startDate: text('start_date').notNull(),
		time: text('time').notNull(),
		weekday: integer('weekday'),
		pausedFrom: text('paused_from'),
		owedFrom: timestampMs('owed_from'),
		clientId: text('client_id').notNull(),
		createdAt: timestampMs('created_at').notNull(),
		updatedAt: timestampMs('updated_at').notNull()
	},
	(t) => [
		uniqueIndex('checkin_schedules_client_idx').on(t.spaceId, t.clientId),
		index('checkin_schedules_space_idx').on(t.spaceId)
	]
);

export const checkinAnswers = pgTable(
	'checkin_answers',
	{
		scheduleId: text('schedule_id')
			.notNull()
			.references(() => checkinSchedules.id, { onDelete: 'cascade' }),
		day: text('day').notNull(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		answers: json('answers').$type<Answers>().notNull(),
		updatedAt: timestampMs('updated_at').notNull(),
		submittedAt: timestampMs('submitted_at')
	},
	(t) => [
		primaryKey({ columns: [t.scheduleId, t.day, t.userId] }),
		index('checkin_answers_user_idx').on(t.userId)
	]
);

export const counselorNotes = pgTable(
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
		createdAt: timestampMs('created_at').notNull(),
		updatedAt: timestampMs('updated_at').notNull()
	},
	(t) => [
		uniqueIndex('counselor_notes_client_idx').on(t.counselorId, t.clientId),
		index('counselor_notes_space_idx').on(t.spaceId, t.counselorId)
	]
);

export type CheckinSchedule = typeof checkinSchedules.$inferSelect;
export type CheckinAnswer = typeof checkinAnswers.$inferSelect;

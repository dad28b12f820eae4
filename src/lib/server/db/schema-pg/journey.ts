import { pgTable, text, integer, json, index, uniqueIndex, primaryKey } from 'drizzle-orm/pg-core';
import { users } from './auth';
import { spaces } from './spaces';
import { timestampMs } from './columns';
import { choices } from '../../../domain/journey';
import type { Answers } from '../../../domain/assessment';

// The tables of ../schema/journey.ts, column for column; what each column means is said there.

export const stageReadiness = pgTable(
	'stage_readiness',
	{
		spaceId: text('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		stage: integer('stage').notNull(),
		readyAt: timestampMs('ready_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.spaceId, t.userId] })]
);

export const journeyEvents = pgTable(
	'journey_events',
	{
		id: text('id').primaryKey(),
		spaceId: text('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: ['advanced', 'moved_back', 'revealed'] }).notNull(),
		fromStage: integer('from_stage').notNull(),
		toStage: integer('to_stage').notNull(),
		actorId: text('actor_id').references(() => users.id, { onDelete: 'set null' }),
		outcome: text('outcome', { enum: ['rebuilding', 'stepped_back', 'more_time'] }),
		at: timestampMs('at').notNull()
	},
	(t) => [index('journey_events_space_idx').on(t.spaceId, t.at)]
);

export const stageChoices = pgTable(
	'stage_choices',
	{
		id: text('id').primaryKey(),
		spaceId: text('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		round: integer('round').notNull(),
		choice: text('choice', { enum: choices }).notNull(),
		note: text('note').notNull().default(''),
		chosenAt: timestampMs('chosen_at').notNull(),
		revealedAt: timestampMs('revealed_at'),
		setAsideAt: timestampMs('set_aside_at')
	},
	(t) => [uniqueIndex('stage_choices_round_idx').on(t.spaceId, t.round, t.userId)]
);

export const assessments = pgTable(
	'assessments',
	{
		spaceId: text('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		answers: json('answers').$type<Answers>().notNull(),
		updatedAt: timestampMs('updated_at').notNull(),
		submittedAt: timestampMs('submitted_at')
	},
	(t) => [primaryKey({ columns: [t.spaceId, t.userId] })]
);

export type JourneyEvent = typeof journeyEvents.$inferSelect;
export type StageChoice = typeof stageChoices.$inferSelect;
export type Assessment = typeof assessments.$inferSelect;

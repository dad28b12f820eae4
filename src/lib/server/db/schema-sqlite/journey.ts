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
import { choices } from '../../../domain/journey';
import type { Answers } from '../../../domain/assessment';

/** A partner's "I'm ready to move on" for the stage the space is in. Cleared on every stage change. */
export const stageReadiness = sqliteTable(
	'stage_readiness',
	{
		spaceId: text('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		stage: integer('stage').notNull(),
		readyAt: integer('ready_at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.spaceId, t.userId] })]
);

/** The journey's timeline: every change of stage, and every reveal of the stage-4 choices. */
export const journeyEvents = sqliteTable(
	'journey_events',
	{
		id: text('id').primaryKey(),
		spaceId: text('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: ['advanced', 'moved_back', 'revealed'] }).notNull(),
		fromStage: integer('from_stage').notNull(),
		toStage: integer('to_stage').notNull(),
		/** Who made it happen: the one going back, or the second to be ready, or to choose. */
		actorId: text('actor_id').references(() => users.id, { onDelete: 'set null' }),
		outcome: text('outcome', { enum: ['rebuilding', 'stepped_back', 'more_time'] }),
		at: integer('at', { mode: 'timestamp_ms' }).notNull()
	},
	(t) => [index('journey_events_space_idx').on(t.spaceId, t.at)]
);

/**
 * A stage-4 choice. Sealed (readable by its author only) until both partners of the round
 * have chosen; then both are revealed in the same transaction. Going back a stage sets a sealed
 * choice aside rather than deleting it.
 */
export const stageChoices = sqliteTable(
	'stage_choices',
	{
		id: text('id').primaryKey(),
		spaceId: text('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** 1 for the first time both choose; "I need more time" opens the next round. */
		round: integer('round').notNull(),
		choice: text('choice', { enum: choices }).notNull(),
		/** An optional note to the other partner, revealed with the choice. */
		note: text('note').notNull().default(''),
		chosenAt: integer('chosen_at', { mode: 'timestamp_ms' }).notNull(),
		revealedAt: integer('revealed_at', { mode: 'timestamp_ms' }),
		/**
		 * When the space went back a stage with this choice still sealed. It is kept for its author
		 * (nothing they wrote is lost) but no longer counts towards the reveal until sealed again.
		 */
		setAsideAt: integer('set_aside_at', { mode: 'timestamp_ms' })
	},
	(t) => [uniqueIndex('stage_choices_round_idx').on(t.spaceId, t.round, t.userId)]
);

/** A partner's stage-3 answers: a private draft until submitted, then sealed until both are in. */
export const assessments = sqliteTable(
	'assessments',
	{
		spaceId: text('space_id')
			.notNull()
			.references(() => spaces.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		answers: text('answers', { mode: 'json' }).$type<Answers>().notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
		submittedAt: integer('submitted_at', { mode: 'timestamp_ms' })
	},
	(t) => [primaryKey({ columns: [t.spaceId, t.userId] })]
);

export type JourneyEvent = typeof journeyEvents.$inferSelect;
export type StageChoice = typeof stageChoices.$inferSelect;
export type Assessment = typeof assessments.$inferSelect;

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as journey from '../../src/lib/server/journey';
import { spaces } from '../../src/lib/server/db/schema';
import { migrationsFolder, pgMigrationsFolder } from '../../src/lib/server/db/paths';
import { freshDatabaseEachTest, type TempDatabase } from '../helpers/db';
import { seedSpaces } from '../helpers/seed';
import { writeDb } from '../helpers/spaces';

let conn: TempDatabase;
freshDatabaseEachTest((fresh) => {
	conn = fresh;
});

const T0 = Date.UTC(2026, 5, 1);
let clock = T0;
const step = (userId: string, s: journey.Step) =>
	journey.act(conn.db, userId, 'ours', s, (clock += 60_000));
const bothReady = async (stage: number) => {
	await step('ada', { type: 'ready', stage });
	await step('ben', { type: 'ready', stage });
};
const bothChoose = async (choice: 'continue' | 'more_time', round: number) => {
	await step('ada', { type: 'choose', choice, note: '', round });
	await step('ben', { type: 'choose', choice, note: '', round });
};

const kept = async () => {
	const [row] = await conn.db
		.select({ stage: spaces.stage, at: spaces.reachedAt, how: spaces.reachedHow })
		.from(spaces)
		.where(eq(spaces.id, 'ours'));
	return { stage: row!.stage, at: row!.at?.getTime() ?? null, how: row!.how };
};

/**
 * The statement of the migration that fills in the milestone of spaces made before it was kept,
 * run again here on a space whose milestone is forgotten.
 */
async function filledByTheMigration() {
	const [folder, file] =
		conn.engine === 'postgres'
			? [pgMigrationsFolder(), '0001_stage_reached.sql']
			: [migrationsFolder(), '0026_stage_reached.sql'];
	const fill = readFileSync(join(folder, file), 'utf8')
		.split('--> statement-breakpoint')
		.map((s) => s.trim())
		.find((s) => /^(--.*\n)*UPDATE/.test(s));
	expect(fill).toBeDefined();
	await conn.db.update(spaces).set({ reachedAt: null, reachedHow: null });
	writeDb(conn.path, fill!);
	return kept();
}

/** What the space keeps now, and what the migration would have found from its steps. */
async function keptAndFilled() {
	const now = await kept();
	return { now, filled: await filledByTheMigration() };
}

describe('The milestone a space keeps', () => {
	it('is each step forward together, and nothing after a step back, as the migration finds from the steps taken', async () => {
		await seedSpaces(conn.db, [{ id: 'ours', partners: ['ada', 'ben'] }], new Date(T0));
		clock = T0;
		let seen = await keptAndFilled();
		expect(seen.now).toEqual({ stage: 1, at: null, how: null });
		expect(seen.filled).toEqual(seen.now);

		await bothReady(1);
		await bothReady(2);
		seen = await keptAndFilled();
		expect(seen.now).toEqual({ stage: 3, at: clock, how: 'reached' });
		expect(seen.filled).toEqual(seen.now);

		// Going back: no milestone, though the space is at a stage it once reached.
		await step('ada', { type: 'back', to: 2 });
		seen = await keptAndFilled();
		expect(seen.now).toEqual({ stage: 2, at: null, how: null });
		expect(seen.filled).toEqual(seen.now);

		// Forward again, on to stage 4; more time changes nothing; both continuing is greeted.
		await bothReady(2);
		await bothReady(3);
		const reached4 = clock;
		await bothChoose('more_time', 1);
		seen = await keptAndFilled();
		expect(seen.now).toEqual({ stage: 4, at: reached4, how: 'reached' });
		expect(seen.filled).toEqual(seen.now);
		await bothChoose('continue', 2);
		seen = await keptAndFilled();
		expect(seen.now).toEqual({ stage: 5, at: clock, how: 'continued' });
		expect(seen.filled).toEqual(seen.now);
	});

	it('greets each partner for it once, and not once the space has stepped back', async () => {
		await seedSpaces(conn.db, [{ id: 'ours', partners: ['ada', 'ben'] }], new Date(T0));
		clock = T0;
		await bothReady(1);
		const at = clock;
		const greeting = { kind: 'reached', stage: 2, stageName: expect.any(String), at };
		expect(await journey.milestones.unseen(conn.db, 'ada', 'ours', clock)).toEqual(greeting);
		await journey.milestones.acknowledge(conn.db, 'ada', 'ours', at, clock);
		expect(await journey.milestones.unseen(conn.db, 'ada', 'ours', clock)).toBeNull();
		expect(await journey.milestones.unseen(conn.db, 'ben', 'ours', clock)).toEqual(greeting);
		await step('ada', { type: 'back', to: 1 });
		expect(await journey.milestones.unseen(conn.db, 'ben', 'ours', clock)).toBeNull();
	});
});

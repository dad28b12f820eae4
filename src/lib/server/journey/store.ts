import { and, eq, isNotNull, isNull, max, sql } from 'drizzle-orm';
import { kept, type DbOrTx } from '../db';
import { journeyEvents, spaces, stageChoices, stageReadiness, type Space } from '../db/schema';
import { randomString } from '../auth/tokens';
import { AppError } from '../errors';
import { closeIn } from '../spaces/membership';
import * as members from '../spaces/members';
import { milestoneAfter, type Happening, type Journey } from '../../domain/journey';

/** The round of stage-4 choices now open: one after the last revealed round. */
export async function openRound(tx: DbOrTx, spaceId: string): Promise<number> {
	const [row] = await tx
		.select({ last: max(stageChoices.round).mapWith(Number) })
		.from(stageChoices)
		.where(and(eq(stageChoices.spaceId, spaceId), isNotNull(stageChoices.revealedAt)));
	return (row?.last ?? 0) + 1;
}

/** Who is ready to move on from a stage. */
export async function readyIn(tx: DbOrTx, spaceId: string, stage: number): Promise<string[]> {
	const rows = await readyQuery(tx, { spaceId, stage });
	return rows.map((r) => r.userId);
}

const readyQuery = kept('ready_in', (db) =>
	db
		.select({ userId: stageReadiness.userId })
		.from(stageReadiness)
		.where(
			and(
				eq(stageReadiness.spaceId, sql.placeholder('spaceId')),
				eq(stageReadiness.stage, sql.placeholder('stage'))
			)
		)
);

/** The journey as the domain sees it, read inside the transaction that will change it. */
export async function load(
	tx: DbOrTx,
	spaceId: string
): Promise<{ space: Space; journey: Journey; partners: string[]; round: number }> {
	const [space] = await tx.select().from(spaces).where(eq(spaces.id, spaceId)).limit(1);
	if (!space) throw new AppError('not_found', 'We could not find that space.');
	const round = await openRound(tx, spaceId);
	const ready = await readyIn(tx, spaceId, space.stage);
	const sealed = Object.fromEntries(
		(
			await tx
				.select({ userId: stageChoices.userId, choice: stageChoices.choice })
				.from(stageChoices)
				.where(
					and(
						eq(stageChoices.spaceId, spaceId),
						eq(stageChoices.round, round),
						isNull(stageChoices.revealedAt),
						// A choice set aside by a step back counts only once its author seals it again.
						isNull(stageChoices.setAsideAt)
					)
				)
		).map((c) => [c.userId, c.choice])
	);
	return {
		space,
		journey: { stage: space.stage, closed: space.status !== 'active', ready, sealed },
		partners: (await members.partnersOf(tx, spaceId)).map((p) => p.userId),
		round
	};
}

/**
 * Writes the difference between two journeys, and what happened, in the caller's
 * transaction. Returns anyone let go by a closing (a counselor still waiting).
 */
export async function save(
	tx: DbOrTx,
	ctx: { spaceId: string; actorId: string; round: number; note: string; now: number },
	before: Journey,
	after: Journey,
	happened: readonly Happening[]
): Promise<string[]> {
	const { spaceId, actorId, round, now } = ctx;
	const at = new Date(now);
	const inSpace = eq(stageReadiness.spaceId, spaceId);

	const reached = milestoneAfter(before, after, happened);
	if (after.stage !== before.stage || reached !== undefined) {
		await tx
			.update(spaces)
			.set({ stage: after.stage, reachedAt: reached ? at : null, reachedHow: reached ?? null })
			.where(eq(spaces.id, spaceId));
		await tx.delete(stageReadiness).where(inSpace);
	} else {
		for (const userId of after.ready.filter((p) => !before.ready.includes(p)))
			await tx
				.insert(stageReadiness)
				.values({ spaceId, userId, stage: after.stage, readyAt: at })
				.onConflictDoUpdate({
					target: [stageReadiness.spaceId, stageReadiness.userId],
					set: { stage: after.stage, readyAt: at }
				});
		for (const userId of before.ready.filter((p) => !after.ready.includes(p)))
			await tx.delete(stageReadiness).where(and(inSpace, eq(stageReadiness.userId, userId)));
	}

	const mine = after.sealed[actorId];
	if (mine) {
		await tx
			.insert(stageChoices)
			.values({
				id: randomString(),
				spaceId,
				userId: actorId,
				round,
				choice: mine,
				note: ctx.note,
				chosenAt: at
			})
			.onConflictDoUpdate({
				target: [stageChoices.spaceId, stageChoices.round, stageChoices.userId],
				set: { choice: mine, note: ctx.note, chosenAt: at, setAsideAt: null }
			});
	}

	let letGo: string[] = [];
	for (const h of happened) {
		if (h.type === 'revealed') {
			// The choice that completed the round is written here too, then both are shown at once.
			const choice = h.choices[actorId]!;
			await tx
				.insert(stageChoices)
				.values({
					id: randomString(),
					spaceId,
					userId: actorId,
					round,
					choice,
					note: ctx.note,
					chosenAt: at,
					revealedAt: at
				})
				.onConflictDoUpdate({
					target: [stageChoices.spaceId, stageChoices.round, stageChoices.userId],
					set: { choice, note: ctx.note, chosenAt: at, revealedAt: at, setAsideAt: null }
				});
			await tx
				.update(stageChoices)
				.set({ revealedAt: at })
				.where(
					and(
						eq(stageChoices.spaceId, spaceId),
						eq(stageChoices.round, round),
						isNull(stageChoices.setAsideAt)
					)
				);
			await tx.insert(journeyEvents).values({
				id: randomString(),
				spaceId,
				kind: 'revealed',
				fromStage: before.stage,
				toStage: after.stage,
				actorId,
				outcome: h.outcome,
				at
			});
			if (h.outcome === 'stepped_back') letGo = await closeIn(tx, spaceId, 'stepped_back', now);
		} else {
			// Sealed choices belonged to the stage being left: they no longer count, but they stay
			// their authors' own, to read and to seal again (nobody else learns they exist).
			await tx
				.update(stageChoices)
				.set({ setAsideAt: at })
				.where(
					and(
						eq(stageChoices.spaceId, spaceId),
						isNull(stageChoices.revealedAt),
						isNull(stageChoices.setAsideAt)
					)
				);
			await tx.insert(journeyEvents).values({
				id: randomString(),
				spaceId,
				kind: h.type,
				fromStage: h.from,
				toStage: h.to,
				actorId,
				at
			});
		}
	}
	return letGo;
}

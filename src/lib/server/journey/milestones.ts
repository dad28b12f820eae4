import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { memberships } from '../db/schema';
import { authorize } from '../policy';
import { stageName } from '../../domain/stages';
import type { MilestoneKind } from '../../domain/journey';

/** A milestone older than this is no longer news: it is on the journey page, not greeted. */
const NEWS_FOR_MS = 30 * 24 * 60 * 60 * 1000;

export interface Milestone {
	/** `reached`: the space moved on to a new stage; `continued`: both chose to continue. */
	kind: MilestoneKind;
	stage: number;
	stageName: string;
	at: number;
}

/**
 * The step forward this partner has not been greeted for yet, if the space is still where that
 * step brought it. Partners only: it is their shared work being acknowledged.
 */
export async function unseen(
	db: DbOrTx,
	userId: string,
	spaceId: string,
	now = Date.now()
): Promise<Milestone | null> {
	const { space, membership } = await authorize(db, userId, 'journey.view', spaceId);
	if (membership.role !== 'partner' || membership.status !== 'active') return null;
	if (space.status !== 'active') return null;
	// The space keeps its latest step forward, while it is at the stage that step brought it to.
	if (!space.reachedAt || !space.reachedHow) return null;
	const at = space.reachedAt.getTime();
	const seen = membership.acknowledgedAt?.getTime() ?? 0;
	if (at <= seen || at < membership.joinedAt.getTime() || now - at > NEWS_FOR_MS) return null;
	return { kind: space.reachedHow, stage: space.stage, stageName: stageName(space.stage), at };
}

/** This partner has been shown the milestone of `at` (never later than now); repeats are harmless. */
export async function acknowledge(
	db: DbOrTx,
	userId: string,
	spaceId: string,
	at: number,
	now = Date.now()
): Promise<void> {
	const { membership } = await authorize(db, userId, 'journey.view', spaceId);
	const upTo = new Date(Math.min(at, now));
	await db
		.update(memberships)
		.set({ acknowledgedAt: upTo })
		.where(
			and(
				eq(memberships.id, membership.id),
				or(isNull(memberships.acknowledgedAt), lt(memberships.acknowledgedAt, upTo))
			)
		);
}

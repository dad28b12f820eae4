import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { journeyEvents, memberships } from '../db/schema';
import { authorize } from '../policy';
import { stageName } from '../../domain/stages';

/** A milestone older than this is no longer news: it is on the journey page, not greeted. */
const NEWS_FOR_MS = 30 * 24 * 60 * 60 * 1000;

export interface Milestone {
	/** `reached`: the space moved on to a new stage; `continued`: both chose to continue. */
	kind: 'reached' | 'continued';
	stage: number;
	stageName: string;
	at: number;
}

// The latest step forward both partners took together.
const latestQuery = (db: DbOrTx, spaceId: string) =>
	db
		.select({ kind: journeyEvents.kind, toStage: journeyEvents.toStage, at: journeyEvents.at })
		.from(journeyEvents)
		.where(
			and(
				eq(journeyEvents.spaceId, spaceId),
				or(
					eq(journeyEvents.kind, 'advanced'),
					and(eq(journeyEvents.kind, 'revealed'), eq(journeyEvents.outcome, 'rebuilding'))
				)
			)
		)
		// Both continuing reveals and moves on in one step: the reveal is what is greeted.
		.orderBy(desc(journeyEvents.at), desc(journeyEvents.kind))
		.limit(1);

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
	const [latest] = await latestQuery(db, spaceId);
	if (!latest || latest.toStage !== space.stage) return null;
	const at = latest.at.getTime();
	const seen = membership.acknowledgedAt?.getTime() ?? 0;
	if (at <= seen || at < membership.joinedAt.getTime() || now - at > NEWS_FOR_MS) return null;
	return {
		kind: latest.kind === 'revealed' ? 'continued' : 'reached',
		stage: latest.toStage,
		stageName: stageName(latest.toStage),
		at
	};
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

import { and, eq, isNotNull } from 'drizzle-orm';
import { transaction, type Db, type DbOrTx } from '../db';
import { assessments, type Assessment } from '../db/schema';
import { authorize, whoMayKnow } from '../policy';
import { mayReadAssessment, viewerOf } from '../../domain/policy';
import { tell } from '../notifications';
import { AppError } from '../errors';
import { log } from '../log';
import * as notify from '../spaces/notify';
import { compare, revealed as isRevealed, type Answers } from '../../domain/assessment';
import * as members from '../spaces/members';
import { MAX_PARTNERS } from '../../domain/spaces';

/** The questions open once the couple reaches stage 3, and stay answerable after. */
export const FIRST_STAGE = 3;

const where = (spaceId: string, userId: string) =>
	and(eq(assessments.spaceId, spaceId), eq(assessments.userId, userId));

async function own(db: DbOrTx, spaceId: string, userId: string): Promise<Assessment | null> {
	const [row] = await db.select().from(assessments).where(where(spaceId, userId)).limit(1);
	return row ?? null;
}

const partnerIds = async (db: DbOrTx, spaceId: string) =>
	(await members.partnersOf(db, spaceId)).map((p) => p.userId);

/** Who has submitted; used only to decide the reveal, never shown before it. */
async function submittedIn(db: DbOrTx, spaceId: string): Promise<string[]> {
	const rows = await db
		.select({ userId: assessments.userId })
		.from(assessments)
		.where(and(eq(assessments.spaceId, spaceId), isNotNull(assessments.submittedAt)));
	return rows.map((r) => r.userId);
}

async function answerable(db: DbOrTx, userId: string, spaceId: string) {
	const { space } = await authorize(db, userId, 'assessment.answer', spaceId);
	if (space.stage < FIRST_STAGE) throw new AppError('conflict', 'These questions open in stage 3.');
}

const sealedAlready = () =>
	new AppError('conflict', 'Your answers are already sealed and cannot be changed.');

/** Keeps what has been answered so far, privately. Once submitted, nothing changes. */
export async function saveDraft(
	db: Db,
	userId: string,
	spaceId: string,
	answers: Answers,
	now = Date.now()
): Promise<{ savedAt: number }> {
	await answerable(db, userId, spaceId);
	await transaction(db, async (tx) => {
		const row = await own(tx, spaceId, userId);
		if (row?.submittedAt) throw sealedAlready();
		await tx
			.insert(assessments)
			.values({ spaceId, userId, answers, updatedAt: new Date(now) })
			.onConflictDoUpdate({
				target: [assessments.spaceId, assessments.userId],
				set: { answers, updatedAt: new Date(now) }
			});
	});
	return { savedAt: now };
}

/**
 * Seals one's answers. Submitting the same answers again is harmless. Nobody else hears of
 * it until both are in; then everyone in the space is told at once.
 */
export async function submit(
	db: Db,
	userId: string,
	spaceId: string,
	answers: Answers,
	now = Date.now()
): Promise<{ revealed: boolean }> {
	await answerable(db, userId, spaceId);
	const result = await transaction(db, async (tx) => {
		const row = await own(tx, spaceId, userId);
		if (row?.submittedAt)
			return {
				changed: false,
				revealed: isRevealed(await partnerIds(tx, spaceId), await submittedIn(tx, spaceId))
			};
		const at = new Date(now);
		await tx
			.insert(assessments)
			.values({ spaceId, userId, answers, updatedAt: at, submittedAt: at })
			.onConflictDoUpdate({
				target: [assessments.spaceId, assessments.userId],
				set: { answers, updatedAt: at, submittedAt: at }
			});
		const revealed = isRevealed(await partnerIds(tx, spaceId), await submittedIn(tx, spaceId));
		// Until both are in, nobody is told anything, not even that one answer is.
		if (revealed)
			await tell(
				tx,
				await whoMayKnow(tx, spaceId, (v) => v.role === 'partner', userId),
				{ kind: 'answers_in', spaceId, path: `/spaces/${spaceId}/assessment` },
				now
			);
		return { changed: true, revealed };
	});
	if (result.changed) {
		if (result.revealed) notify.changed(spaceId);
		else notify.own(userId, spaceId);
		log.info('assessment_submitted', { spaceId, userId, revealed: result.revealed });
	}
	return { revealed: result.revealed };
}

/**
 * What this person may see of the assessment: their own answers (draft or sealed), and,
 * once both partners have submitted, both side by side. Nothing of anyone else before that.
 */
export async function view(db: DbOrTx, userId: string, spaceId: string) {
	const { space, membership } = await authorize(db, userId, 'assessment.view', spaceId);
	const viewer = viewerOf(membership);
	const partners = await db
		.select({
			userId: assessments.userId,
			answers: assessments.answers,
			submittedAt: assessments.submittedAt,
			updatedAt: assessments.updatedAt
		})
		.from(assessments)
		.where(eq(assessments.spaceId, spaceId));
	// Only partners answer, and a space never has more than two: two sealed sets are the reveal.
	// It stays revealed if a partner leaves afterwards.
	const both = partners.filter((p) => p.submittedAt).map((p) => p.userId);
	const revealed = isRevealed(both, both);
	const mine = partners.find((p) => p.userId === userId) ?? null;
	const readable = partners.filter((p) => mayReadAssessment(viewer, p, revealed));
	const names = await members.partnerNames(db, spaceId);
	// The viewer's own answers come first, so "You" is always on the same side.
	both.sort((a, b) => Number(b === userId) - Number(a === userId));
	const ordered = revealed
		? both.map((id) => readable.find((p) => p.userId === id)).filter((p) => p !== undefined)
		: [];
	return {
		open: space.status === 'active' && space.stage >= FIRST_STAGE,
		isPartner: membership.role === 'partner',
		mine: mine && {
			answers: mine.answers,
			submittedAt: mine.submittedAt?.getTime() ?? null,
			savedAt: mine.updatedAt.getTime()
		},
		comparison:
			ordered.length === MAX_PARTNERS
				? {
						who: ordered.map((p) =>
							p.userId === userId ? 'You' : (names.get(p.userId) ?? 'Your partner')
						) as [string, string],
						rows: compare(ordered[0]!.answers, ordered[1]!.answers)
					}
				: null
	};
}

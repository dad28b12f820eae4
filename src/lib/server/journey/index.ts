import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import { kept, transaction, type Db, type DbOrTx } from '../db';
import { journeyEvents, memberships, notes, stageChoices, users } from '../db/schema';
import { authorize, whoMayKnow } from '../policy';
import { mayReadChoice, viewerOf } from '../../domain/policy';
import { tell } from '../notifications';
import type { NotificationKind } from '../../domain/notifications';
import { AppError } from '../errors';
import { log } from '../log';
import * as notify from '../spaces/notify';
import * as members from '../spaces/members';
import * as domain from '../../domain/journey';
import type { NoteKind } from '../../domain/notes';
import { MAX_PARTNERS } from '../../domain/spaces';
import { stageName, stageTitle } from '../../domain/stages';
import { load, openRound, readyIn, save } from './store';

export * from './schemas';
export * as assessment from './assessment';
export * as milestones from './milestones';

export type Step =
	| { type: 'ready'; stage: number }
	| { type: 'unready'; stage: number }
	| { type: 'back'; to: number }
	| { type: 'choose'; choice: domain.Choice; note: string; round: number };

const moved = (stage: number) =>
	new AppError(
		'conflict',
		`The space has moved on to another stage since this page was opened (it is now at ${stageTitle(stage)}). Please have another look.`
	);

/**
 * One partner's step on the journey. Repeating a step (a double click, a second device)
 * changes nothing. A sealed choice tells nobody else anything, not even that it was made.
 */
export async function act(
	db: Db,
	userId: string,
	spaceId: string,
	step: Step,
	now = Date.now()
): Promise<{ happened: domain.Happening[] }> {
	await authorize(db, userId, 'journey.act', spaceId);
	const done = await transaction(db, async (tx) => {
		const { journey, partners, round } = await load(tx, spaceId);
		if ((step.type === 'ready' || step.type === 'unready') && step.stage !== journey.stage)
			throw moved(journey.stage);
		if (step.type === 'choose' && step.round !== round)
			throw new AppError(
				'conflict',
				'Both choices were shown since this page was opened. Please have another look before choosing again.'
			);
		if (repeated(journey, userId, step)) return { changed: false, happened: [], letGo: [] };
		const command: domain.Command =
			step.type === 'choose' ? { type: 'choose', choice: step.choice } : step;
		const result = domain.apply(journey, userId, partners, command);
		if (!result.ok) throw new AppError('conflict', domain.refusalMessages[result.refusal]);
		const note = step.type === 'choose' ? step.note : '';
		const letGo = await save(
			tx,
			{ spaceId, actorId: userId, round, note, now },
			journey,
			result.journey,
			result.happened
		);
		const told = toldOf(step, result.happened);
		if (told)
			await tell(
				tx,
				await whoMayKnow(tx, spaceId, (v) => v.role === 'partner', userId),
				{ kind: told, spaceId, path: `/spaces/${spaceId}/journey` },
				now
			);
		return { changed: true, happened: result.happened, letGo };
	});
	if (!done.changed) return { happened: [] };
	if (step.type === 'choose' && done.happened.length === 0) {
		// Sealed: only this person's own devices hear of it.
		notify.own(userId, spaceId);
	} else {
		// Readiness, a new stage, or the reveal: every device in the space at the same moment.
		notify.changed(spaceId, done.letGo);
	}
	log.info('journey_step', {
		spaceId,
		userId,
		step: step.type === 'choose' && done.happened.length === 0 ? 'sealed' : step.type
	});
	return { happened: done.happened };
}

/**
 * What the other partner is told of a step: the reveal, a new stage, a step back, or being
 * ready. A sealed choice (nothing happened yet) tells nobody anything.
 */
function toldOf(step: Step, happened: domain.Happening[]): NotificationKind | null {
	if (happened.some((h) => h.type === 'revealed')) return 'choices_revealed';
	if (happened.some((h) => h.type === 'advanced')) return 'stage_moved';
	if (happened.some((h) => h.type === 'moved_back')) return 'stage_back';
	return step.type === 'ready' ? 'partner_ready' : null;
}

function repeated(j: domain.Journey, userId: string, step: Step): boolean {
	switch (step.type) {
		case 'ready':
			return j.ready.includes(userId);
		case 'unready':
			return !j.ready.includes(userId);
		case 'back':
			return step.to === j.stage;
		case 'choose':
			return false;
	}
}

/** Who is who in the space, by id (partners, and counselors for the timeline). */
async function names(db: DbOrTx, spaceId: string): Promise<Map<string, string>> {
	const rows = await db
		.select({ id: users.id, name: users.displayName })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(eq(memberships.spaceId, spaceId));
	return new Map(rows.map((r) => [r.id, r.name]));
}

// The journey pages and the space home read these on every visit.
const choicesQuery = (db: DbOrTx, spaceId: string) =>
	db
		.select()
		.from(stageChoices)
		.where(eq(stageChoices.spaceId, spaceId))
		.orderBy(asc(stageChoices.round));
const eventsQuery = (db: DbOrTx, spaceId: string) =>
	db
		.select()
		.from(journeyEvents)
		.where(eq(journeyEvents.spaceId, spaceId))
		.orderBy(asc(journeyEvents.at));

/** Everything the journey pages show this person, already filtered by what they may see. */
export async function view(db: DbOrTx, userId: string, spaceId: string) {
	const { space, membership } = await authorize(db, userId, 'journey.view', spaceId);
	const viewer = viewerOf(membership);
	const isPartner = membership.role === 'partner';
	const who = await names(db, spaceId);
	const nameOf = (id: string | null) => nameIn(who, id, userId);

	const partners = await members.partnersOf(db, spaceId);
	const ready = new Set(await readyIn(db, spaceId, space.stage));

	const choiceRows = await choicesQuery(db, spaceId);
	const sealed = ownSealed(choiceRows, userId, viewer);
	const setAside = ownSetAside(choiceRows, userId, viewer);
	const events = await eventsQuery(db, spaceId);
	// Each reveal's outcome as it was decided: a choice deleted with its author's account since
	// must not change what the other partner reads happened.
	const decided = new Map(
		events.filter((e) => e.kind === 'revealed').map((e) => [e.at.getTime(), e.outcome])
	);
	const rounds = [
		...new Set(choiceRows.filter((c) => c.revealedAt !== null).map((c) => c.round))
	].map((round) => {
		const both = choiceRows.filter((c) => c.round === round && c.revealedAt !== null);
		return {
			round,
			at: both[0]!.revealedAt!.getTime(),
			outcome:
				decided.get(both[0]!.revealedAt!.getTime()) ?? domain.outcomeOf(both.map((c) => c.choice)),
			// Counselors learn the outcome only; partners see both choices and notes.
			choices: both
				.filter((c) => mayReadChoice(viewer, c))
				.map((c) => ({
					name: nameOf(c.userId),
					isMe: c.userId === userId,
					choice: c.choice,
					note: c.note
				}))
				.sort((a, b) => Number(b.isMe) - Number(a.isMe))
		};
	});

	const latest = events.at(-1);
	const open = space.status === 'active';
	return {
		stage: space.stage,
		stageName: stageName(space.stage),
		open,
		closedReason: space.closedReason,
		isPartner,
		canAct: open && isPartner && membership.status === 'active' && partners.length === MAX_PARTNERS,
		partners: readiness(partners, ready, userId),
		iAmReady: ready.has(userId),
		mine: sealed && {
			choice: sealed.choice,
			note: sealed.note,
			chosenAt: sealed.chosenAt.getTime()
		},
		/** One's own sealed choice that a step back set aside: theirs to read and seal again. */
		setAside: setAside && {
			choice: setAside.choice,
			note: setAside.note,
			chosenAt: setAside.chosenAt.getTime(),
			setAsideAt: setAside.setAsideAt!.getTime()
		},
		rounds,
		/** The round of choices open now; a choice is sealed for this round only. */
		round: await openRound(db, spaceId),
		timeline: events.map((e) => ({
			kind: e.kind,
			from: e.fromStage,
			to: e.toStage,
			// Who completed a reveal says who chose last: nobody is told that.
			who: e.kind === 'revealed' ? null : nameOf(e.actorId),
			isMe: e.kind !== 'revealed' && e.actorId === userId,
			outcome: e.outcome,
			at: e.at.getTime()
		})),
		movedBackBy:
			open && tookBack(latest, space.stage, userId)
				? { name: nameOf(latest!.actorId), at: latest!.at.getTime() }
				: null
	};
}

export type JourneyView = Awaited<ReturnType<typeof view>>;

/**
 * The journey as the space home shows it: the stage, who is ready to move on, whether one has
 * made one's own choice in stage 4, and a kind word when the other partner went back. Read on
 * every visit to the home, so only these rows, not the timeline and rounds `view` reads.
 */
export async function atAGlance(db: DbOrTx, userId: string, spaceId: string) {
	const { space, membership } = await authorize(db, userId, 'journey.view', spaceId);
	const viewer = viewerOf(membership);
	const ready = new Set(await readyIn(db, spaceId, space.stage));
	const latest = space.status === 'active' ? await latestEvent(db, spaceId) : undefined;
	// Choices are read only where the home speaks of them: in stage 4, and on coming back from it.
	const choosing =
		space.stage === domain.LAST_STAGE ||
		(latest?.kind === 'moved_back' && latest.fromStage === domain.LAST_STAGE);
	const choiceRows =
		membership.role === 'partner' && choosing ? await choicesQuery(db, spaceId) : [];
	const chosen =
		space.stage === domain.LAST_STAGE && ownSealed(choiceRows, userId, viewer) !== null;
	return {
		stage: space.stage,
		stageName: stageName(space.stage),
		partners: readiness(await members.partnersOf(db, spaceId), ready, userId),
		chosen,
		/** Whether a step back set one's own sealed choice aside (for oneself alone). */
		setAside: ownSetAside(choiceRows, userId, viewer) !== null,
		movedBackBy: tookBack(latest, space.stage, userId)
			? {
					name: nameIn(await names(db, spaceId), latest!.actorId, userId),
					at: latest!.at.getTime()
				}
			: null
	};
}

type ChoiceRow = Awaited<ReturnType<typeof choicesQuery>>[number];
type EventRow = Awaited<ReturnType<typeof eventsQuery>>[number];

/** Only one's own choice not yet revealed; of anyone else's, not even whether it exists. */
const ownUnrevealed = (
	rows: ChoiceRow[],
	userId: string,
	viewer: ReturnType<typeof viewerOf>,
	setAside: boolean
) =>
	rows.find(
		(c) =>
			c.userId === userId &&
			c.revealedAt === null &&
			(c.setAsideAt !== null) === setAside &&
			mayReadChoice(viewer, c)
	) ?? null;
/** One's own sealed choice, counted for the reveal. */
const ownSealed = (rows: ChoiceRow[], userId: string, viewer: ReturnType<typeof viewerOf>) =>
	ownUnrevealed(rows, userId, viewer, false);
/** One's own choice a step back set aside, until sealed again. */
const ownSetAside = (rows: ChoiceRow[], userId: string, viewer: ReturnType<typeof viewerOf>) =>
	ownUnrevealed(rows, userId, viewer, true);

/** Each partner, and whether they are ready to move on; oneself as "You". */
const readiness = (partners: members.Partner[], ready: Set<string>, userId: string) =>
	partners.map((p) => ({
		name: p.userId === userId ? 'You' : p.name,
		isMe: p.userId === userId,
		ready: ready.has(p.userId)
	}));

/** The other partner took the space back to where it is now: said kindly, once, on arrival. */
const tookBack = (latest: EventRow | undefined, stage: number, userId: string) =>
	latest?.kind === 'moved_back' && latest.toStage === stage && latest.actorId !== userId;

const nameIn = (who: Map<string, string>, id: string | null, userId: string) =>
	id === userId ? 'You' : (id && who.get(id)) || 'Someone who has left';

const latestQuery = kept('journey_latest', (db) =>
	db
		.select()
		.from(journeyEvents)
		.where(eq(journeyEvents.spaceId, sql.placeholder('spaceId')))
		.orderBy(desc(journeyEvents.at))
		.limit(1)
);

async function latestEvent(db: DbOrTx, spaceId: string): Promise<EventRow | undefined> {
	const [row] = await latestQuery(db, { spaceId });
	return row;
}

/**
 * What has been done in one stage. One's own counts are for oneself; of the others, only
 * whether they are working on it, and only if they allow that. Sealed things never count.
 */
export async function activity(db: DbOrTx, userId: string, spaceId: string, stage: number) {
	const { membership } = await authorize(db, userId, 'journey.view', spaceId);
	const counts = await db
		.select({ authorId: notes.authorId, kind: notes.kind, n: count() })
		.from(notes)
		.where(and(eq(notes.spaceId, spaceId), eq(notes.stage, stage)))
		.groupBy(notes.authorId, notes.kind);
	const others = (await members.partnersOf(db, spaceId)).filter(
		(p) => p.userId !== userId && p.showsActivity
	);
	return {
		mine:
			membership.role === 'partner'
				? counts
						.filter((c) => c.authorId === userId)
						.map((c) => ({ kind: c.kind as NoteKind, count: c.n }))
				: null,
		showsMine: membership.showsActivity,
		others: others.map((p) => ({
			name: p.name,
			working: counts.some((c) => c.authorId === p.userId && c.n > 0)
		}))
	};
}

/** Whether the others may see that this partner is working on a stage (never what). */
export async function setShowsActivity(
	db: Db,
	userId: string,
	spaceId: string,
	shows: boolean
): Promise<void> {
	const { membership } = await authorize(db, userId, 'journey.showActivity', spaceId);
	await db
		.update(memberships)
		.set({ showsActivity: shows })
		.where(eq(memberships.id, membership.id));
	notify.changed(spaceId);
}

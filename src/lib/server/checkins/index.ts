import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { kept, transaction, type Db, type DbOrTx } from '../db';
import { checkinAnswers, checkinSchedules, type CheckinSchedule } from '../db/schema';
import { randomString } from '../auth/tokens';
import { allows, authorize, whoMayKnow } from '../policy';
import { viewerOf, type Viewer } from '../../domain/policy';
import { tell } from '../notifications';
import { AppError } from '../errors';
import { log } from '../log';
import * as notify from '../spaces/notify';
import * as members from '../spaces/members';
import { MAX_PARTNERS } from '../../domain/spaces';
import {
	checkAnswers,
	sharpDrops,
	WEEKLY_TRUST_ID,
	type Answers,
	type Template
} from '../../domain/checkins';
import {
	addDays,
	dayIn,
	dueState,
	occurrences,
	partnerSees,
	type Cadence,
	type DueState
} from '../../domain/schedule';
import { timeZoneOf } from '../accounts';
import { ownKey } from '../keys';

export * from './schemas';
export * from './templates';
import { templatesFor } from './templates';

const notFound = () => new AppError('not_found', 'We could not find that check-in.');

export interface ScheduleInput {
	clientId: string;
	templateId: string;
	cadence: Cadence;
	startDate: string;
	time: string;
	weekday: number | null;
}

/** The counselor assigns a template to a space. The questions are copied in as they are now. */
export async function assign(
	db: Db,
	userId: string,
	spaceId: string,
	input: ScheduleInput,
	now = Date.now()
) {
	await authorize(db, userId, 'checkin.manage', spaceId);
	const template = (await templatesFor(db, userId)).find((t) => t.id === input.templateId);
	if (!template)
		throw new AppError('invalid', 'Please choose one of your templates.', 'templateId');
	const key = ownKey(userId, input.clientId);
	const result = await transaction(db, async (tx) => {
		const [existing] = await tx
			.select({ id: checkinSchedules.id })
			.from(checkinSchedules)
			.where(and(eq(checkinSchedules.spaceId, spaceId), eq(checkinSchedules.clientId, key)))
			.limit(1);
		if (existing) return { id: existing.id, created: false };
		const id = randomString();
		await tx.insert(checkinSchedules).values({
			id,
			spaceId,
			counselorId: userId,
			template,
			cadence: input.cadence,
			startDate: input.startDate,
			time: input.time,
			weekday: input.cadence === 'once' ? null : input.weekday,
			clientId: key,
			createdAt: new Date(now),
			updatedAt: new Date(now)
		});
		return { id, created: true };
	});
	if (result.created) {
		notify.changed(spaceId);
		log.info('checkin_assigned', {
			spaceId,
			userId,
			scheduleId: result.id,
			template: input.templateId === WEEKLY_TRUST_ID ? 'built-in' : 'own'
		});
	}
	return { id: result.id };
}

async function scheduleIn(
	db: DbOrTx,
	spaceId: string,
	scheduleId: string
): Promise<CheckinSchedule> {
	const [row] = await db
		.select()
		.from(checkinSchedules)
		.where(and(eq(checkinSchedules.id, scheduleId), eq(checkinSchedules.spaceId, spaceId)))
		.limit(1);
	if (!row) throw notFound();
	return row;
}

/**
 * Pausing stops new occurrences from tomorrow on; answers already given stay, and a check-in
 * already due today stays open to answer. "Tomorrow" is each partner's own: the pause begins
 * the day after today in whichever partner's zone is furthest ahead, so nobody's today is cut
 * short (a partner behind may still get one more). Resuming clears it.
 */
export async function setPaused(
	db: Db,
	userId: string,
	spaceId: string,
	scheduleId: string,
	paused: boolean,
	now = Date.now()
): Promise<void> {
	await authorize(db, userId, 'checkin.manage', spaceId);
	const changed = await transaction(db, async (tx) => {
		const current = await scheduleIn(tx, spaceId, scheduleId);
		if (paused) {
			const zones = (await members.everyPartnerOf(tx, spaceId)).map((p) => p.timeZone);
			const pausedFrom = [...zones, 'UTC']
				.map((tz) => addDays(dayIn(now, tz), 1))
				.sort()
				.at(-1)!;
			// Pausing again (a second tab, a double click) keeps the pause where it began.
			if (current.pausedFrom) return false;
			await tx
				.update(checkinSchedules)
				.set({ pausedFrom, updatedAt: new Date(now) })
				.where(eq(checkinSchedules.id, scheduleId));
		} else {
			if (!current.pausedFrom) return false;
			// What fell due during the pause is not owed.
			await tx
				.update(checkinSchedules)
				.set({ pausedFrom: null, owedFrom: new Date(now), updatedAt: new Date(now) })
				.where(eq(checkinSchedules.id, scheduleId));
		}
		return true;
	});
	if (changed) notify.changed(spaceId);
}

/** Changing when a check-in falls due keeps every answer given so far. */
export async function reschedule(
	db: Db,
	userId: string,
	spaceId: string,
	scheduleId: string,
	input: Omit<ScheduleInput, 'clientId' | 'templateId'>,
	now = Date.now()
): Promise<void> {
	await authorize(db, userId, 'checkin.manage', spaceId);
	await transaction(db, async (tx) => {
		await scheduleIn(tx, spaceId, scheduleId);
		await tx
			.update(checkinSchedules)
			// Days the new pattern would have had in the past are not owed.
			.set({
				cadence: input.cadence,
				startDate: input.startDate,
				time: input.time,
				weekday: input.cadence === 'once' ? null : input.weekday,
				owedFrom: new Date(now),
				updatedAt: new Date(now)
			})
			.where(eq(checkinSchedules.id, scheduleId));
	});
	notify.changed(spaceId);
}

/** From when check-ins of a schedule count as owed. */
export const owedFrom = (s: CheckinSchedule) => (s.owedFrom ?? s.createdAt).getTime();

const asSchedule = (s: CheckinSchedule) => ({
	startDate: s.startDate,
	time: s.time,
	cadence: s.cadence,
	weekday: s.weekday,
	pausedFrom: s.pausedFrom
});

export interface DueItem {
	scheduleId: string;
	title: string;
	day: string;
	dueAt: number;
	state: DueState;
}

const schedulesQuery = kept('checkin_schedules_in', (db) =>
	db
		.select()
		.from(checkinSchedules)
		.where(eq(checkinSchedules.spaceId, sql.placeholder('spaceId')))
);
const schedulesIn = (db: DbOrTx, spaceId: string) => schedulesQuery(db, { spaceId });

/** A partner's check-ins: what is due or overdue now, and the next one coming, in their zone. */
export async function dueFor(
	db: DbOrTx,
	userId: string,
	spaceId: string,
	now = Date.now()
): Promise<{ open: DueItem[]; next: DueItem | null }> {
	const { membership } = await authorize(db, userId, 'checkin.view', spaceId);
	if (membership.role !== 'partner' || !(await allows(db, userId, 'checkin.answer', spaceId)))
		return { open: [], next: null };
	const schedules = await schedulesIn(db, spaceId);
	// The space home asks on every visit; most spaces have no check-ins to place in a day.
	if (schedules.length === 0) return { open: [], next: null };
	const tz = await timeZoneOf(db, userId);
	const mine = await db
		.select()
		.from(checkinAnswers)
		.where(
			and(
				inArray(
					checkinAnswers.scheduleId,
					schedules.map((s) => s.id)
				),
				eq(checkinAnswers.userId, userId)
			)
		);
	const open: DueItem[] = [];
	let next: DueItem | null = null;
	for (const s of schedules) {
		const { past, next: coming } = occurrences(asSchedule(s), tz, now);
		for (const o of past) {
			const answered =
				mine.find((a) => a.scheduleId === s.id && a.day === o.day)?.submittedAt ?? null;
			// Only what fell due after the schedule was made (or resumed, or changed) is owed.
			if (o.dueAt + 24 * 3600_000 < owedFrom(s)) continue;
			const state = dueState(o.dueAt, answered?.getTime() ?? null, now);
			if (state === 'due' || state === 'overdue')
				open.push({ scheduleId: s.id, title: s.template.title, day: o.day, dueAt: o.dueAt, state });
		}
		if (coming && (!next || coming.dueAt < next.dueAt))
			next = {
				scheduleId: s.id,
				title: s.template.title,
				day: coming.day,
				dueAt: coming.dueAt,
				state: 'upcoming'
			};
	}
	open.sort((a, b) => a.dueAt - b.dueAt);
	return { open, next };
}

/** One occurrence for a partner to answer: the questions, their own draft or answers. */
export async function occurrenceFor(
	db: DbOrTx,
	userId: string,
	spaceId: string,
	scheduleId: string,
	day: string
) {
	const { membership } = await authorize(db, userId, 'checkin.view', spaceId);
	const schedule = await scheduleIn(db, spaceId, scheduleId);
	if (
		membership.role === 'counselor' &&
		schedule.createdAt.getTime() < membership.joinedAt.getTime()
	)
		throw notFound();
	const [own] = await db
		.select()
		.from(checkinAnswers)
		.where(
			and(
				eq(checkinAnswers.scheduleId, scheduleId),
				eq(checkinAnswers.day, day),
				eq(checkinAnswers.userId, userId)
			)
		)
		.limit(1);
	return { schedule, template: schedule.template, own: own ?? null };
}

/**
 * A day whose check-in this person may answer: one that has fallen due, or one they already
 * began answering (its time may have moved since, or a pause begun: what they started stays theirs to send).
 */
async function owedDay(
	db: DbOrTx,
	userId: string,
	schedule: CheckinSchedule,
	day: string,
	now: number
): Promise<void> {
	const { past } = occurrences(asSchedule(schedule), await timeZoneOf(db, userId), now);
	if (past.some((o) => o.day === day)) return;
	const [begun] = await db
		.select({ day: checkinAnswers.day })
		.from(checkinAnswers)
		.where(
			and(
				eq(checkinAnswers.scheduleId, schedule.id),
				eq(checkinAnswers.day, day),
				eq(checkinAnswers.userId, userId)
			)
		)
		.limit(1);
	if (!begun) throw new AppError('conflict', 'This check-in is not open yet.');
}

/** Keeps what has been answered so far, privately. */
export async function saveDraft(
	db: Db,
	userId: string,
	spaceId: string,
	scheduleId: string,
	day: string,
	raw: Record<string, string>,
	now = Date.now()
) {
	await authorize(db, userId, 'checkin.answer', spaceId);
	await transaction(db, async (tx) => {
		const schedule = await scheduleIn(tx, spaceId, scheduleId);
		await owedDay(tx, userId, schedule, day, now);
		const kept: Answers = {};
		for (const q of schedule.template.questions)
			if (typeof raw[q.id] === 'string') kept[q.id] = raw[q.id]!.slice(0, 2_000);
		const [row] = await tx
			.select({ submittedAt: checkinAnswers.submittedAt })
			.from(checkinAnswers)
			.where(
				and(
					eq(checkinAnswers.scheduleId, scheduleId),
					eq(checkinAnswers.day, day),
					eq(checkinAnswers.userId, userId)
				)
			)
			.limit(1);
		if (row?.submittedAt) throw new AppError('conflict', 'You have already sent these answers.');
		await tx
			.insert(checkinAnswers)
			.values({ scheduleId, day, userId, answers: kept, updatedAt: new Date(now) })
			.onConflictDoUpdate({
				target: [checkinAnswers.scheduleId, checkinAnswers.day, checkinAnswers.userId],
				set: { answers: kept, updatedAt: new Date(now) }
			});
	});
	return { savedAt: now };
}

/** Sends one's answers. Sending the same again is harmless; both being in is told to everyone. */
export async function submit(
	db: Db,
	userId: string,
	spaceId: string,
	scheduleId: string,
	day: string,
	raw: Record<string, string>,
	now = Date.now()
) {
	await authorize(db, userId, 'checkin.answer', spaceId);
	const outcome = await transaction(db, async (tx) => {
		const schedule = await scheduleIn(tx, spaceId, scheduleId);
		await owedDay(tx, userId, schedule, day, now);
		const checked = checkAnswers(schedule.template, raw);
		if (!checked.ok) return { ok: false as const, errors: checked.errors };
		const [row] = await tx
			.select({ submittedAt: checkinAnswers.submittedAt })
			.from(checkinAnswers)
			.where(
				and(
					eq(checkinAnswers.scheduleId, scheduleId),
					eq(checkinAnswers.day, day),
					eq(checkinAnswers.userId, userId)
				)
			)
			.limit(1);
		if (row?.submittedAt) return { ok: true as const, changed: false };
		const at = new Date(now);
		await tx
			.insert(checkinAnswers)
			.values({ scheduleId, day, userId, answers: checked.answers, updatedAt: at, submittedAt: at })
			.onConflictDoUpdate({
				target: [checkinAnswers.scheduleId, checkinAnswers.day, checkinAnswers.userId],
				set: { answers: checked.answers, updatedAt: at, submittedAt: at }
			});
		const sent = (
			await tx
				.select({ userId: checkinAnswers.userId })
				.from(checkinAnswers)
				.where(
					and(
						eq(checkinAnswers.scheduleId, scheduleId),
						eq(checkinAnswers.day, day),
						isNotNull(checkinAnswers.submittedAt)
					)
				)
		).map((r) => r.userId);
		const partners = await members.partnersOf(tx, spaceId);
		// The counselor hears once both partners have answered, never of one answer alone.
		if (partners.length === MAX_PARTNERS && partners.every((p) => sent.includes(p.userId)))
			await tell(
				tx,
				await whoMayKnow(tx, spaceId, (v) => v.role === 'counselor'),
				{ kind: 'checkin_answered', spaceId, path: `/spaces/${spaceId}/checkins` },
				now
			);
		// A rating that fell sharply since this partner's last answer is flagged to the counselor,
		// as their caseload flags it.
		const mine = (
			await tx
				.select({ day: checkinAnswers.day, answers: checkinAnswers.answers })
				.from(checkinAnswers)
				.where(
					and(
						eq(checkinAnswers.scheduleId, scheduleId),
						eq(checkinAnswers.userId, userId),
						isNotNull(checkinAnswers.submittedAt)
					)
				)
		).map((r) => ({ ...r, userId }));
		if (sharpDrops(schedule.template, mine).some((d) => d.day === day))
			await tell(
				tx,
				await whoMayKnow(tx, spaceId, (v) => v.role === 'counselor'),
				{
					kind: 'checkin_drop',
					spaceId,
					path: `/spaces/${spaceId}/checkins`,
					key: `drop:${scheduleId}:${day}:${userId}`
				},
				now
			);
		return { ok: true as const, changed: true };
	});
	if (!outcome.ok) return outcome;
	// Answers carry no content on the wire; every device reloads what it may see.
	if (outcome.changed) notify.changed(spaceId);
	return { ok: true as const };
}

/**
 * The answers to one occurrence as this person may see them: their own always; the other
 * partner's only for "revealed" questions and only once both sent theirs; a counselor sees
 * both partners' sent answers, never drafts.
 */
export function answersSeenBy(
	viewer: Viewer,
	template: Template,
	partners: readonly string[],
	rows: readonly { userId: string; answers: Answers; submittedAt: Date | null }[]
) {
	const sent = rows.filter((r) => r.submittedAt !== null);
	const answeredBy = sent.map((r) => r.userId);
	return partners.map((partnerId) => {
		// Someone who left keeps their own answers, and sees nobody else's.
		if (viewer.status !== 'active' && partnerId !== viewer.userId)
			return { partnerId, answers: null as Answers | null, sent: false };
		const row = (partnerId === viewer.userId ? rows : sent).find((r) => r.userId === partnerId);
		if (!row) return { partnerId, answers: null as Answers | null, sent: false };
		if (partnerId === viewer.userId || viewer.role === 'counselor')
			return {
				partnerId,
				answers: viewer.role === 'counselor' && !row.submittedAt ? null : row.answers,
				sent: row.submittedAt !== null
			};
		const shown: Answers = {};
		for (const q of template.questions)
			if (partnerSees(q.visibility, answeredBy, partners) && row.answers[q.id] !== undefined)
				shown[q.id] = row.answers[q.id]!;
		return {
			partnerId,
			answers: partnerSees('revealed', answeredBy, partners) ? shown : null,
			sent: row.submittedAt !== null
		};
	});
}

/** Every schedule of a space with each occurrence so far and the answers this person may see. */
export async function history(db: DbOrTx, userId: string, spaceId: string, now = Date.now()) {
	const { membership } = await authorize(db, userId, 'checkin.view', spaceId);
	const viewer = viewerOf(membership);
	const partners = await members.everyPartnerOf(db, spaceId);
	const ids = partners.map((p) => p.userId);
	// A counselor sees the check-ins assigned while they were admitted, not those from before.
	const schedules = (
		await db
			.select()
			.from(checkinSchedules)
			.where(eq(checkinSchedules.spaceId, spaceId))
			.orderBy(asc(checkinSchedules.createdAt))
	).filter((s) => viewer.role === 'partner' || s.createdAt.getTime() >= viewer.joinedAt.getTime());
	const rows = schedules.length
		? await db
				.select()
				.from(checkinAnswers)
				.where(
					inArray(
						checkinAnswers.scheduleId,
						schedules.map((s) => s.id)
					)
				)
		: [];
	// Days are named the same for both partners; "so far" is read in the viewer's own zone.
	const zone = membership.role === 'partner' ? await timeZoneOf(db, userId) : 'UTC';
	return {
		partners: partners.map((p) => ({ id: p.userId, name: p.userId === userId ? 'You' : p.name })),
		schedules: schedules.map((s) => {
			// Days so far, plus any day with an answer this person may know of (never someone else's draft).
			const known = rows.filter(
				(r) => r.scheduleId === s.id && (r.userId === userId || r.submittedAt !== null)
			);
			const past = occurrences(asSchedule(s), zone, now).past;
			// A day that fell due before the schedule was set (or while paused) was never asked.
			const asked = new Map(past.map((o) => [o.day, o.dueAt + 24 * 3600_000 >= owedFrom(s)]));
			const days = new Set([...past.map((o) => o.day), ...known.map((r) => r.day)]);
			// Whether a partner's answer is overdue is read in that partner's own zone.
			const overdueFor = new Map(
				partners.map((p) => {
					const theirs = occurrences(asSchedule(s), p.timeZone, now).past;
					return [
						p.userId,
						new Set(
							theirs
								.filter(
									(o) =>
										o.dueAt + 24 * 3600_000 >= owedFrom(s) &&
										dueState(o.dueAt, null, now) === 'overdue'
								)
								.map((o) => o.day)
						)
					] as const;
				})
			);
			return {
				id: s.id,
				title: s.template.title,
				template: s.template,
				cadence: s.cadence,
				startDate: s.startDate,
				setOn: dayIn(s.createdAt.getTime(), zone),
				time: s.time,
				weekday: s.weekday,
				pausedFrom: s.pausedFrom,
				occurrences: [...days]
					.sort()
					.reverse()
					.map((day) => ({
						day,
						asked: asked.get(day) ?? true,
						answers: answersSeenBy(
							viewer,
							s.template,
							ids,
							rows.filter((r) => r.scheduleId === s.id && r.day === day)
						).map((a) => ({
							...a,
							// Someone who left is told nothing more of the other partner.
							overdue:
								!a.sent &&
								(viewer.status === 'active' || a.partnerId === userId) &&
								(overdueFor.get(a.partnerId)?.has(day) ?? false)
						}))
					}))
			};
		})
	};
}

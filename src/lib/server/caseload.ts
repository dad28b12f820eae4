import { and, desc, eq, gte, inArray, max } from 'drizzle-orm';
import type { DbOrTx } from './db';
import {
	checkinAnswers,
	checkinSchedules,
	conversationEvents,
	conversations,
	journeyEvents,
	memberships,
	spaces
} from './db/schema';
import { authorize } from './policy';
import * as sharing from './sharing';
import * as members from './spaces/members';
import { sharpDrops } from '../domain/checkins';
import { dueState, occurrences } from '../domain/schedule';
import { stageName } from '../domain/stages';

import type { CaseloadRow, Flag } from '../caseload';

/**
 * A counselor's couples: every space where both partners admitted them, with its stage, last
 * activity, the next check-in due, how many check-ins are overdue, how many shared things they
 * have not opened, and what may be worth a look (naming who and what, with a link). Never
 * anyone's words.
 */
export async function caseload(
	db: DbOrTx,
	counselorId: string,
	now = Date.now()
): Promise<CaseloadRow[]> {
	const admitted = await db
		.select({ spaceId: memberships.spaceId, joinedAt: memberships.joinedAt })
		.from(memberships)
		.where(
			and(
				eq(memberships.userId, counselorId),
				eq(memberships.role, 'counselor'),
				eq(memberships.status, 'active')
			)
		);
	const rows: CaseloadRow[] = [];
	for (const { spaceId, joinedAt } of admitted) {
		const { space } = await authorize(db, counselorId, 'checkin.view', spaceId);
		const partners = await members.partnersOf(db, spaceId);
		const schedules = (
			await db.select().from(checkinSchedules).where(eq(checkinSchedules.spaceId, spaceId))
		).filter((s) => s.createdAt.getTime() >= joinedAt.getTime());
		const answers = schedules.length
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
		const flags: Flag[] = [];
		const base = `/spaces/${spaceId}`;
		const nameOf = (id: string) => partners.find((p) => p.userId === id)?.name;
		let nextDue: number | null = null;
		let overdue = 0;
		for (const s of schedules) {
			const schedule = {
				startDate: s.startDate,
				time: s.time,
				cadence: s.cadence,
				weekday: s.weekday,
				pausedFrom: s.pausedFrom
			};
			for (const p of partners) {
				const { past, next } = occurrences(schedule, p.timeZone, now);
				const owed = past.filter(
					(o) => o.dueAt + 86_400_000 >= (s.owedFrom ?? s.createdAt).getTime()
				);
				const missed = owed.filter((o) => {
					const sent =
						answers.find((a) => a.scheduleId === s.id && a.day === o.day && a.userId === p.userId)
							?.submittedAt ?? null;
					return dueState(o.dueAt, sent?.getTime() ?? null, now) === 'overdue';
				});
				overdue += missed.length;
				if (missed.length >= 2)
					flags.push({
						kind: 'missed_twice',
						who: p.name,
						count: missed.length,
						title: s.template.title,
						href: `${base}/checkins`
					});
				if (next && (nextDue === null || next.dueAt < nextDue)) nextDue = next.dueAt;
			}
			const sent = answers
				.filter((a) => a.scheduleId === s.id && a.submittedAt)
				.map((a) => ({ userId: a.userId, day: a.day, answers: a.answers }));
			for (const drop of sharpDrops(s.template, sent)) {
				const who = nameOf(drop.userId);
				const question = s.template.questions.find((q) => q.id === drop.question);
				// Someone no longer in the space is not flagged.
				if (!who || !question) continue;
				flags.push({
					kind: 'sharp_drop',
					who,
					question: question.text,
					href: `${base}/checkins?week=${s.id}.${drop.day}#week-${s.id}-${drop.day}`
				});
			}
		}
		// Only conversations this counselor may see (begun since they were admitted) count.
		const [lastConversation] = await db
			.select({ id: conversations.id })
			.from(conversations)
			.where(and(eq(conversations.spaceId, spaceId), gte(conversations.createdAt, joinedAt)))
			.orderBy(desc(conversations.createdAt))
			.limit(1);
		if (lastConversation) {
			const [timeOut] = await db
				.select({ actorId: conversationEvents.actorId })
				.from(conversationEvents)
				.where(
					and(
						eq(conversationEvents.conversationId, lastConversation.id),
						eq(conversationEvents.kind, 'timeout')
					)
				)
				.orderBy(desc(conversationEvents.seq))
				.limit(1);
			if (timeOut)
				flags.push({
					kind: 'time_out',
					who:
						timeOut.actorId === counselorId
							? 'You'
							: timeOut.actorId
								? (nameOf(timeOut.actorId) ?? null)
								: null,
					href: `${base}/conversations/${lastConversation.id}`
				});
		}
		// The last time anything happened: a step on the journey, a conversation event, a check-in answer.
		const [journeyLast] = await db
			.select({ at: max(journeyEvents.at) })
			.from(journeyEvents)
			.where(eq(journeyEvents.spaceId, spaceId));
		const [conversationLast] = await db
			.select({ at: max(conversationEvents.at) })
			.from(conversationEvents)
			.innerJoin(conversations, eq(conversations.id, conversationEvents.conversationId))
			.where(and(eq(conversations.spaceId, spaceId), gte(conversations.createdAt, joinedAt)));
		const times = [journeyLast?.at, conversationLast?.at, ...answers.map((a) => a.submittedAt)]
			.map((t) => (t instanceof Date ? t.getTime() : typeof t === 'number' ? t : null))
			.filter((t): t is number => t !== null);
		const [row] = await db
			.select({ createdAt: spaces.createdAt })
			.from(spaces)
			.where(eq(spaces.id, spaceId))
			.limit(1);
		rows.push({
			spaceId,
			name: space.name,
			status: space.status,
			stage: space.stage,
			stageName: stageName(space.stage),
			partners: partners.map((p) => p.name),
			lastActivity: Math.max(row?.createdAt.getTime() ?? 0, ...times),
			nextDue,
			overdue,
			unread: await sharing.unreadCount(db, counselorId, spaceId),
			flags
		});
	}
	return rows;
}

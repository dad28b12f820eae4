import { and, eq, gte, inArray, lt, lte } from 'drizzle-orm';
import { transaction, type Db } from './db';
import {
	checkinSchedules,
	conversationEvents,
	conversations,
	notifications,
	spaces
} from './db/schema';
import { whoMayKnow } from './policy';
import { maySeeConversation } from '../domain/policy';
import { tell } from './notifications';
import * as checkins from './checkins';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A planned conversation is remembered this long before it starts… */
export const SOON_MS = HOUR;
/** …and at its start, for this long while nobody has begun it. */
export const STARTING_MS = 15 * MINUTE;
/** A time-out's end is told this long before it. */
export const TIMEOUT_ENDING_MS = 5 * MINUTE;
/** Handled notifications are forgotten after this long. */
export const KEEP_HANDLED_MS = 30 * DAY;

/**
 * Notes the reminders whose moment has come: a planned conversation within the hour and at its
 * start, a time-out about to end, a check-in falling due and, still unanswered a day later, once
 * more. Each reminder has a key, so asking again (every tick, on every machine) notes it once;
 * a reminder whose moment has passed is not noted late. Who hears of what is the policy's say,
 * as for anything else.
 */
export async function remind(db: Db, now = Date.now()): Promise<void> {
	await planned(db, now);
	await timeOuts(db, now);
	await checkinsDue(db, now);
	await db
		.delete(notifications)
		.where(lt(notifications.handledAt, new Date(now - KEEP_HANDLED_MS)));
}

async function planned(db: Db, now: number) {
	const rows = await db
		.select({ conversation: conversations })
		.from(conversations)
		.innerJoin(spaces, eq(spaces.id, conversations.spaceId))
		.where(
			and(
				eq(spaces.status, 'active'),
				gte(conversations.scheduledFor, new Date(now - STARTING_MS)),
				lte(conversations.scheduledFor, new Date(now + SOON_MS))
			)
		);
	for (const { conversation: c } of rows) {
		if (c.state.status !== 'scheduled' || !c.scheduledFor) continue;
		const start = c.scheduledFor.getTime();
		const soon = now < start;
		await transaction(db, async (tx) =>
			tell(
				tx,
				await whoMayKnow(tx, c.spaceId, (v) => maySeeConversation(v, c)),
				{
					kind: soon ? 'conversation_soon' : 'conversation_starting',
					spaceId: c.spaceId,
					path: `/spaces/${c.spaceId}/conversations/${c.id}`,
					key: `${soon ? 'soon' : 'starting'}:${c.id}:${start}`
				},
				now
			)
		);
	}
}

async function timeOuts(db: Db, now: number) {
	// A time-out lasts a day at most: only those called in the last day can be ending.
	const called = (
		await db
			.selectDistinct({ id: conversationEvents.conversationId })
			.from(conversationEvents)
			.where(
				and(
					eq(conversationEvents.kind, 'timeout'),
					gte(conversationEvents.at, new Date(now - DAY - TIMEOUT_ENDING_MS))
				)
			)
	).map((r) => r.id);
	if (called.length === 0) return;
	const rows = await db
		.select({ conversation: conversations })
		.from(conversations)
		.innerJoin(spaces, eq(spaces.id, conversations.spaceId))
		.where(and(eq(spaces.status, 'active'), inArray(conversations.id, called)));
	for (const { conversation: c } of rows) {
		const pause = c.state.status === 'paused' ? c.state.pause : null;
		if (!pause || now < pause.until - TIMEOUT_ENDING_MS || now >= pause.until + STARTING_MS)
			continue;
		await transaction(db, async (tx) =>
			tell(
				tx,
				await whoMayKnow(tx, c.spaceId, (v) => maySeeConversation(v, c)),
				{
					kind: 'timeout_ending',
					spaceId: c.spaceId,
					path: `/spaces/${c.spaceId}/conversations/${c.id}`,
					key: `timeout:${c.id}:${pause.since}`
				},
				now
			)
		);
	}
}

async function checkinsDue(db: Db, now: number) {
	const withSchedules = await db
		.selectDistinct({ spaceId: checkinSchedules.spaceId })
		.from(checkinSchedules)
		.innerJoin(spaces, eq(spaces.id, checkinSchedules.spaceId))
		.where(eq(spaces.status, 'active'));
	for (const { spaceId } of withSchedules) {
		for (const userId of await whoMayKnow(db, spaceId, (v) => v.role === 'partner')) {
			for (const item of (await checkins.dueFor(db, userId, spaceId, now)).open) {
				const age = now - item.dueAt;
				if (age < 0 || age >= 2 * DAY) continue;
				const first = age < DAY;
				await transaction(db, async (tx) =>
					tell(
						tx,
						[userId],
						{
							kind: first ? 'checkin_due' : 'checkin_reminder',
							spaceId,
							path: `/spaces/${spaceId}/checkins/${item.scheduleId}/${item.day}`,
							key: `${first ? 'due' : 'again'}:${item.scheduleId}:${item.day}`
						},
						now
					)
				);
			}
		}
	}
}

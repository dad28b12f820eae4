import { and, asc, eq, gt, inArray, isNull } from 'drizzle-orm';
import { transaction, type Db } from '../db';
import { notifications, users } from '../db/schema';
import { log } from '../log';
import * as mail from '../mail';
import { dayIn } from '../../domain/schedule';
import {
	dueNow,
	isNotificationKind,
	notificationKinds,
	promptKinds,
	type NotificationGroup,
	type NotificationKind
} from '../../domain/notifications';
import { devicesOf, pushMessage, sendPush, type Post } from './push';
import { markDigestSent, settingsOf, unsubscribeToken } from './settings';

/** Whether one of the person's devices is connected (anywhere) right now. */
export type Connected = (userId: string) => boolean | Promise<boolean>;

/**
 * Tells each person what waits for them, when it is time: after a batch settles, outside their
 * quiet hours, or once a day for a digest; never while a device of theirs is connected (they see
 * it live). Marking what was told and queueing the message are one transaction, so a crash can
 * neither lose a message nor send it twice.
 */
export async function deliverNotifications(
	db: Db,
	connected: Connected,
	now: number = Date.now(),
	batch?: { quietMs: number; longestMs: number },
	post?: Post
): Promise<{ told: number; seen: number }> {
	let told = 0;
	let seen = 0;
	// Person by person, a page of people at a time: everyone with something waiting is looked
	// at on every round, however much waits for others who are not due yet (a digest, quiet hours).
	let after = '';
	for (;;) {
		const people = (
			await db
				.selectDistinct({ userId: notifications.userId })
				.from(notifications)
				.where(and(isNull(notifications.handledAt), gt(notifications.userId, after)))
				.orderBy(asc(notifications.userId))
				.limit(PEOPLE_AT_ONCE)
		).map((p) => p.userId);
		if (people.length === 0) break;
		after = people.at(-1)!;
		const waiting = await db
			.select()
			.from(notifications)
			.where(and(isNull(notifications.handledAt), inArray(notifications.userId, people)))
			.orderBy(asc(notifications.createdAt));
		const byUser = new Map<string, typeof waiting>();
		for (const row of waiting) {
			const theirs = byUser.get(row.userId);
			if (theirs) theirs.push(row);
			else byUser.set(row.userId, [row]);
		}
		for (const [userId, rows] of byUser) {
			// One person's trouble (an address a mail server refuses, say) holds up nobody else.
			try {
				const outcome = await deliverTo(db, userId, rows, connected, now, batch, post);
				if (outcome === 'told') told++;
				if (outcome === 'seen') seen++;
			} catch (error) {
				log.error('notification_delivery_failed', {
					userId,
					error: error instanceof Error ? error.name : 'unknown'
				});
			}
		}
		if (people.length < PEOPLE_AT_ONCE) break;
	}
	if (told || seen) log.info('notifications_delivered', { told, seen });
	return { told, seen };
}

/** How many people's waiting notifications are read in one go. */
const PEOPLE_AT_ONCE = 200;

type Waiting = typeof notifications.$inferSelect;

/** Tells one person of what waits for them, if it is time: whether it was told, seen or held. */
async function deliverTo(
	db: Db,
	userId: string,
	rows: Waiting[],
	connected: Connected,
	now: number,
	batch: { quietMs: number; longestMs: number } | undefined,
	post: Post | undefined
): Promise<'told' | 'seen' | 'held'> {
	const [user] = await db
		.select({ email: users.email, timeZone: users.timeZone })
		.from(users)
		.where(eq(users.id, userId))
		.limit(1);
	if (!user) return 'held';
	const settings = await settingsOf(db, userId);
	const timing = { ...settings, timeZone: user.timeZone };
	const times = rows.map((r) => r.createdAt.getTime());
	const prompt = rows.some((r) => (promptKinds as readonly string[]).includes(r.kind));
	if (!dueNow(timing, times, now, batch, prompt)) return 'held';
	const ids = rows.map((r) => r.id);
	if (await connected(userId)) {
		await handle(db, ids, 'seen', now);
		return 'seen';
	}
	const kinds = [...new Set(rows.map((r) => r.kind).filter(isNotificationKind))];
	const groupOf = (k: NotificationKind): NotificationGroup => notificationKinds[k].group;
	const groups = [...new Set(kinds.map(groupOf))].filter((g) => settings.emailGroups.includes(g));
	const paths = [...new Set(rows.map((r) => r.path))];
	// Where a link leads says what kind of thing it is: only for those who asked.
	const path = settings.showKind && paths.length === 1 ? paths[0]! : '/home';
	// Marking them told is also the claim, of all of them or none: another process that read some
	// of the same notifications (and more since) finds some marked already, and leaves the rest
	// for its next round, when it reads afresh what is left and whether a digest went today.
	const mine = await transaction(db, async (tx) => {
		const marked = await handle(tx, ids, 'told', now);
		if (marked === 0) return false;
		if (marked < ids.length) throw new Overtaken();
		if (settings.digest) await markDigestSent(tx, userId, dayIn(now, user.timeZone));
		if (groups.length === 0) return true;
		await mail.enqueue(
			tx,
			{
				to: user.email,
				userId,
				kind: 'notification',
				params: {
					path,
					unsubscribe: unsubscribeToken(userId, groups),
					...(settings.showKind && {
						kinds: kinds.filter((k) => groups.includes(groupOf(k))).join(',')
					})
				}
			},
			now
		);
		return true;
	}).catch((error: unknown) => {
		if (error instanceof Overtaken) return false;
		throw error;
	});
	if (!mine) return 'held';
	// Each device hears of what it chose; a push is never stored, so it is sent once it is
	// marked as told, and a crash in between loses a nudge rather than repeating one.
	for (const device of await devicesOf(db, userId)) {
		const theirs = kinds.filter((k) => device.groups.includes(groupOf(k)));
		if (theirs.length)
			await sendPush(db, [device], pushMessage(settings.showKind ? theirs : null, path), post);
	}
	return 'told';
}

/** Another process told some of what this one read: nothing of this claim is kept. */
class Overtaken extends Error {}

/** Marks those of `ids` not handled yet, a thousand to a statement; how many it marked. */
async function handle(
	db: Pick<Db, 'update'>,
	ids: string[],
	outcome: 'told' | 'seen',
	now: number
): Promise<number> {
	let count = 0;
	for (let i = 0; i < ids.length; i += 1_000) {
		const marked = await db
			.update(notifications)
			.set({ handledAt: new Date(now), outcome })
			.where(
				and(inArray(notifications.id, ids.slice(i, i + 1_000)), isNull(notifications.handledAt))
			)
			.returning({ id: notifications.id });
		count += marked.length;
	}
	return count;
}

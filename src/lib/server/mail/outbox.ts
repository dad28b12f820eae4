import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import { afterCommit, forUpdate, type DbOrTx } from '../db';
import { mailOutbox, type OutboxRow } from '../db/schema';
import { randomString } from '../auth/tokens';
import type { MailKind } from './messages';

export interface NewMail {
	to: string;
	/** The account the message concerns, if any. */
	userId: string | null;
	kind: MailKind;
	params?: Record<string, string>;
}

const WAKE = Symbol.for('trellis.mail.wake');
type Holder = { [WAKE]?: () => void };

/** The running sender (one per process) registers how to wake it. */
export function onEnqueued(wake: (() => void) | undefined): void {
	(globalThis as Holder)[WAKE] = wake;
}

/**
 * Puts a message in the outbox, inside the caller's transaction: it is sent if and only if the
 * change that causes it is committed. The sender is woken once this tick's work is done.
 */
export async function enqueue(tx: DbOrTx, mail: NewMail, now = Date.now()): Promise<string> {
	const id = randomString();
	await tx.insert(mailOutbox).values({
		id,
		userId: mail.userId,
		toAddress: mail.to,
		kind: mail.kind,
		params: mail.params ?? {},
		createdAt: new Date(now),
		dueAt: new Date(now)
	});
	// Once the message is committed: a sender woken before would look and find nothing.
	afterCommit(() => {
		const wake = (globalThis as Holder)[WAKE];
		if (wake) setImmediate(wake);
	});
	return id;
}

/** Messages due by `now`, oldest first. */
export async function due(tx: DbOrTx, now: number, limit: number): Promise<OutboxRow[]> {
	return tx
		.select()
		.from(mailOutbox)
		.where(
			and(
				isNull(mailOutbox.sentAt),
				isNull(mailOutbox.failedAt),
				lte(mailOutbox.dueAt, new Date(now))
			)
		)
		.orderBy(asc(mailOutbox.dueAt))
		.limit(limit);
}

/**
 * The message `id`, if it is still due and no other process is sending it; held for the rest of
 * the caller's transaction (see `holdingRow`).
 */
export async function claim(tx: DbOrTx, id: string, now: number): Promise<OutboxRow | undefined> {
	const [row] = await forUpdate(
		tx,
		tx
			.select()
			.from(mailOutbox)
			.where(
				and(
					eq(mailOutbox.id, id),
					isNull(mailOutbox.sentAt),
					isNull(mailOutbox.failedAt),
					lte(mailOutbox.dueAt, new Date(now))
				)
			)
			.limit(1),
		{ skipLocked: true }
	);
	return row;
}

/**
 * When to look next: when the next waiting message is due; if another process is sending one
 * that is due (on PostgreSQL), a while from now at the latest, in case it gives up on it or
 * stops, rather than at once and over and over; null when none waits.
 */
export async function nextDue(tx: DbOrTx, now: number): Promise<number | null> {
	const waiting = and(isNull(mailOutbox.sentAt), isNull(mailOutbox.failedAt));
	const first = (q: ReturnType<typeof earliest>) => q.then((rows) => rows[0]?.dueAt.getTime());
	const earliest = (db: DbOrTx) =>
		db
			.select({ dueAt: mailOutbox.dueAt })
			.from(mailOutbox)
			.where(waiting)
			.orderBy(asc(mailOutbox.dueAt))
			.limit(1);
	const any = await first(earliest(tx));
	if (any === undefined) return null;
	const free = await first(forUpdate(tx, earliest(tx), { skipLocked: true }));
	// The first one waiting is nobody else's: it is the next.
	if (free === any) return any;
	return Math.min(free ?? Infinity, now + LOOK_AGAIN_MS);
}

/** How long a process waits before looking at messages another process was sending. */
export const LOOK_AGAIN_MS = 60_000;

export async function markSent(tx: DbOrTx, id: string, now: number): Promise<void> {
	await tx
		.update(mailOutbox)
		.set({ sentAt: new Date(now) })
		.where(eq(mailOutbox.id, id));
}

/** Waits after each failed try: a minute, then longer, up to a day; then it is given up. */
export const BACKOFF_MS = [60_000, 300_000, 900_000, 3_600_000, 10_800_000, 21_600_000, 86_400_000];

export async function markFailedTry(
	tx: DbOrTx,
	row: OutboxRow,
	now: number
): Promise<'retry' | 'given_up'> {
	const attempts = row.attempts + 1;
	const wait = BACKOFF_MS[attempts - 1];
	await tx
		.update(mailOutbox)
		.set(
			wait === undefined
				? { attempts, failedAt: new Date(now) }
				: { attempts, dueAt: new Date(now + wait) }
		)
		.where(eq(mailOutbox.id, row.id));
	return wait === undefined ? 'given_up' : 'retry';
}

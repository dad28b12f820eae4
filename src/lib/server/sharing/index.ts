import { and, desc, eq, inArray, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import { forgetDeleted, kept, refusedBy, transaction, type Db, type DbOrTx } from '../db';
import { sharedAcks, sharedItems, sharedReads, users } from '../db/schema';
import { randomString } from '../auth/tokens';
import { authorize, whoMayKnow } from '../policy';
import { maySeeShared, viewerOf } from '../../domain/policy';
import { tell } from '../notifications';
import { AppError } from '../errors';
import { log } from '../log';
import { reachesCounselor, reachesPartner, type Audience, type Copies } from '../../domain/sharing';
import { ownIn } from '../notes';
import * as notify from '../spaces/notify';
import * as members from '../spaces/members';

export * from './schemas';

const notFound = () => new AppError('not_found', 'We could not find that shared item.');

/** Who this space lets a person share with right now. */
export async function audiencesOpen(
	db: DbOrTx,
	spaceId: string
): Promise<Record<Audience, boolean>> {
	const partner = await members.isFull(db, spaceId);
	const counselor = (await members.membersOf(db, spaceId)).some((m) => m.role === 'counselor');
	return { partner, counselor, both: partner && counselor };
}

/**
 * Shares a copy of one's own note with an audience. The note itself is untouched and stays
 * private. Sending the same form twice shares once.
 */
export async function share(
	db: Db,
	userId: string,
	spaceId: string,
	noteId: string,
	input: { clientId: string; audience: Audience },
	now = Date.now()
): Promise<{ id: string; created: boolean }> {
	await authorize(db, userId, 'share.create', spaceId);
	const result = await transaction(db, async (tx) => {
		const [existing] = await tx
			.select({ id: sharedItems.id })
			.from(sharedItems)
			.where(and(eq(sharedItems.authorId, userId), eq(sharedItems.clientId, input.clientId)))
			.limit(1);
		if (existing) return { id: existing.id, created: false };
		const note = await ownIn(tx, userId, spaceId, noteId);
		const open = await audiencesOpen(tx, spaceId);
		if (reachesPartner(input.audience) && !open.partner)
			throw new AppError('conflict', 'Your partner has not joined this space yet.', 'audience');
		if (reachesCounselor(input.audience) && !open.counselor)
			throw new AppError('conflict', 'There is no counselor in this space yet.', 'audience');
		const id = randomString();
		await tx.insert(sharedItems).values({
			id,
			spaceId,
			authorId: userId,
			noteId: note.id,
			kind: note.kind,
			content: note.content,
			audience: input.audience,
			clientId: input.clientId,
			sharedAt: new Date(now)
		});
		const item = {
			authorId: userId,
			audience: input.audience,
			sharedAt: new Date(now),
			withdrawnAt: null
		};
		await tell(
			tx,
			await whoMayKnow(tx, spaceId, (viewer) => maySeeShared(viewer, item), userId),
			{ kind: 'shared', spaceId, path: `/spaces/${spaceId}/shared` },
			now
		);
		return { id, created: true };
	});
	if (result.created) {
		notify.changed(spaceId);
		log.info('item_shared', { spaceId, userId, itemId: result.id, audience: input.audience });
	}
	return result;
}

/**
 * Takes a shared item back: from this moment nobody else is shown it, and the copy's words are
 * erased from the file and its log (only when it was shared and withdrawn stay, for the author).
 * The note it was made from is untouched. Twice is fine.
 */
export async function withdraw(
	db: Db,
	userId: string,
	spaceId: string,
	itemId: string,
	now = Date.now()
): Promise<void> {
	await authorize(db, userId, 'shared.withdraw', spaceId);
	const withdrawn = await transaction(db, async (tx) => {
		const [item] = await tx
			.select()
			.from(sharedItems)
			.where(
				and(
					eq(sharedItems.id, itemId),
					eq(sharedItems.spaceId, spaceId),
					eq(sharedItems.authorId, userId)
				)
			)
			.limit(1);
		if (!item) throw notFound();
		if (item.withdrawnAt) return false;
		await tx
			.update(sharedItems)
			.set({ withdrawnAt: new Date(now), content: null })
			.where(eq(sharedItems.id, item.id));
		return true;
	});
	if (!withdrawn) return;
	forgetDeleted(db);
	notify.changed(spaceId);
	log.info('item_withdrawn', { spaceId, userId, itemId });
}

/** "I read this", from someone the item was shared with. The author's devices hear of it. */
export async function acknowledge(
	db: Db,
	userId: string,
	spaceId: string,
	itemId: string,
	now = Date.now()
): Promise<void> {
	const { membership } = await authorize(db, userId, 'shared.acknowledge', spaceId);
	// The item is read where the mark is made: one withdrawn meanwhile is not marked read.
	const authorId = await transaction(db, async (tx) => {
		const [item] = await tx
			.select()
			.from(sharedItems)
			.where(and(eq(sharedItems.id, itemId), eq(sharedItems.spaceId, spaceId)))
			.limit(1);
		if (!item || !maySeeShared(viewerOf(membership), item)) throw notFound();
		if (item.authorId === userId) throw new AppError('conflict', 'This is something you shared.');
		await tx
			.insert(sharedAcks)
			.values({ itemId, userId, ackedAt: new Date(now) })
			.onConflictDoNothing();
		return item.authorId;
	});
	notify.own(authorId, spaceId);
	notify.own(userId, spaceId);
}

/** Which of `itemIds` this person has marked "I read this", and which they have opened. */
async function readingOf(db: DbOrTx, userId: string, itemIds: string[]) {
	if (itemIds.length === 0) return { acked: new Set<string>(), opened: new Set<string>() };
	const ids = (rows: { itemId: string }[]) => new Set(rows.map((r) => r.itemId));
	return {
		acked: ids(
			await db
				.select({ itemId: sharedAcks.itemId })
				.from(sharedAcks)
				.where(and(eq(sharedAcks.userId, userId), inArray(sharedAcks.itemId, itemIds)))
		),
		opened: ids(
			await db
				.select({ itemId: sharedReads.itemId })
				.from(sharedReads)
				.where(and(eq(sharedReads.userId, userId), inArray(sharedReads.itemId, itemIds)))
		)
	};
}

/** Items others shared with this person that they may see now, newest first. */
export async function received(db: DbOrTx, userId: string, spaceId: string) {
	const { membership } = await authorize(db, userId, 'shared.view', spaceId);
	const viewer = viewerOf(membership);
	// The space home counts these on every visit.
	const rows = (
		await db
			.select({ item: sharedItems, authorName: users.displayName })
			.from(sharedItems)
			.innerJoin(users, eq(users.id, sharedItems.authorId))
			.where(
				and(
					eq(sharedItems.spaceId, spaceId),
					ne(sharedItems.authorId, userId),
					isNull(sharedItems.withdrawnAt)
				)
			)
			.orderBy(desc(sharedItems.sharedAt))
	).filter(({ item }) => maySeeShared(viewer, item) && item.content !== null);
	const { acked, opened } = await readingOf(
		db,
		userId,
		rows.map((r) => r.item.id)
	);
	return rows.map(({ item, authorName }) => ({
		id: item.id,
		authorName,
		kind: item.kind,
		// Only items not withdrawn reach anyone else, and those keep their words.
		content: item.content!,
		audience: item.audience,
		sharedAt: item.sharedAt.getTime(),
		readByMe: acked.has(item.id),
		/** Opened at least once: the page showing it in full was in front of this person. */
		opened: acked.has(item.id) || opened.has(item.id)
	}));
}

/**
 * Items shared with this person, read by the page that shows them in full: from now on each
 * counts as opened, so it leaves their "Waiting for you". Opening again changes nothing; the
 * author is not told (only "I read this" tells them). Returns the items as they were before,
 * so the page can tell what is new.
 */
export async function openReceived(
	db: DbOrTx,
	userId: string,
	spaceId: string,
	now = Date.now()
): Promise<Awaited<ReturnType<typeof received>>> {
	for (let attempt = 1; ; attempt++) {
		const items = await received(db, userId, spaceId);
		const fresh = items.filter((i) => !i.opened);
		if (fresh.length === 0) return items;
		try {
			await db
				.insert(sharedReads)
				.values(fresh.map((i) => ({ itemId: i.id, userId, openedAt: new Date(now) })))
				.onConflictDoNothing();
		} catch (error) {
			// One of them was erased since it was read (its author left and took back what they
			// wrote): read again, without it.
			if (attempt < 2 && refusedBy(error, 'reference')) continue;
			throw error;
		}
		// This person's other devices drop it from "Waiting for you" too.
		notify.own(userId, spaceId);
		return items;
	}
}

/** Everything this person ever shared here: audience, time, who read it, whether withdrawn. */
export async function mine(db: DbOrTx, userId: string, spaceId: string) {
	await authorize(db, userId, 'shared.view', spaceId);
	const items = await db
		.select()
		.from(sharedItems)
		.where(and(eq(sharedItems.spaceId, spaceId), eq(sharedItems.authorId, userId)))
		.orderBy(desc(sharedItems.sharedAt));
	const acks = items.length
		? await db
				.select({ itemId: sharedAcks.itemId, name: users.displayName, at: sharedAcks.ackedAt })
				.from(sharedAcks)
				.innerJoin(users, eq(users.id, sharedAcks.userId))
				.where(
					inArray(
						sharedAcks.itemId,
						items.map((i) => i.id)
					)
				)
		: [];
	return items.map((item) => {
		const shown = {
			id: item.id,
			noteId: item.noteId,
			kind: item.kind,
			audience: item.audience,
			sharedAt: item.sharedAt.getTime(),
			readBy: acks
				.filter((a) => a.itemId === item.id)
				.map((a) => ({ name: a.name, at: a.at.getTime() }))
		};
		// A withdrawn item's words were erased when it was withdrawn: only its dates are left.
		return item.withdrawnAt === null
			? { ...shown, withdrawnAt: null, content: item.content! }
			: { ...shown, withdrawnAt: item.withdrawnAt.getTime(), content: null };
	});
}

/** How many items shared with this person they have not opened yet (for "Waiting for you"). */
export async function unreadCount(db: DbOrTx, userId: string, spaceId: string): Promise<number> {
	const { membership } = await authorize(db, userId, 'shared.view', spaceId);
	const viewer = viewerOf(membership);
	const rows = await notOpenedQuery(db, { userId, spaceId });
	return rows.filter((item) => maySeeShared(viewer, item)).length;
}

/**
 * What others shared in the space that this person has neither opened nor said they read: only
 * what the policy needs to tell whether they may see it, never the words. Asked on every visit
 * to the space home, however much has been shared over the months.
 */
const notOpenedQuery = kept('shared_not_opened', (db) => {
	const userId = sql.placeholder('userId');
	return db
		.select({
			authorId: sharedItems.authorId,
			audience: sharedItems.audience,
			sharedAt: sharedItems.sharedAt,
			withdrawnAt: sharedItems.withdrawnAt
		})
		.from(sharedItems)
		.leftJoin(sharedAcks, and(eq(sharedAcks.itemId, sharedItems.id), eq(sharedAcks.userId, userId)))
		.leftJoin(
			sharedReads,
			and(eq(sharedReads.itemId, sharedItems.id), eq(sharedReads.userId, userId))
		)
		.where(
			and(
				eq(sharedItems.spaceId, sql.placeholder('spaceId')),
				ne(sharedItems.authorId, userId),
				isNull(sharedItems.withdrawnAt),
				isNotNull(sharedItems.content),
				isNull(sharedAcks.itemId),
				isNull(sharedReads.itemId)
			)
		);
});

/** How many notes' copies one look-up answers for: a page of the journal. */
const NOTES_AT_ONCE = 20;

/**
 * The copies shared from these notes of one's own, by note; a note never shared is left out.
 * For the author's own journal: it names nothing of anyone else.
 */
export async function copiesOf(
	db: DbOrTx,
	userId: string,
	spaceId: string,
	noteIds: readonly string[]
): Promise<Map<string, Copies>> {
	await authorize(db, userId, 'note.read', spaceId);
	const copies = new Map<string, Copies>();
	for (let from = 0; from < noteIds.length; from += NOTES_AT_ONCE) {
		// Every visit to the journal runs it, from the index by note.
		const rows = await db
			.select({
				noteId: sharedItems.noteId,
				audience: sharedItems.audience,
				withdrawnAt: sharedItems.withdrawnAt
			})
			.from(sharedItems)
			.where(
				and(
					inArray(sharedItems.noteId, noteIds.slice(from, from + NOTES_AT_ONCE)),
					eq(sharedItems.spaceId, spaceId),
					eq(sharedItems.authorId, userId)
				)
			);
		for (const { noteId, audience, withdrawnAt } of rows) {
			if (noteId === null) continue;
			const seen = copies.get(noteId) ?? { audiences: [], withdrawn: false };
			copies.set(
				noteId,
				withdrawnAt !== null
					? { ...seen, withdrawn: true }
					: { ...seen, audiences: [...new Set([...seen.audiences, audience])] }
			);
		}
	}
	return copies;
}

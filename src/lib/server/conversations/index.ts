import { and, asc, desc, eq, gt, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import { forUpdate, kept, refusedBy, transaction, type Db, type DbOrTx } from '../db';
import {
	conversationEvents,
	conversations,
	memberships,
	spaces,
	users,
	type Conversation,
	type ConversationEvent
} from '../db/schema';
import { randomString } from '../auth/tokens';
import { commitTogether } from '../db/together';
import { authorize, authorizeAlso, authorizeAmong, whoMayKnow, type Access } from '../policy';
import { maySeeConversation, viewerOf, type SpaceAction } from '../../domain/policy';
import { tell } from '../notifications';
import { AppError } from '../errors';
import { log } from '../log';
import { getIo, rooms } from '../realtime/io';
import * as notify from '../spaces/notify';
import * as members from '../spaces/members';
import * as agreements from '../agreements';
import * as domain from '../../domain/conversation';
import { isSystemKey, ownKey, systemKey } from '../keys';

export * from './schemas';
import { PLANNED_IN_THE_PAST } from './schemas';

const notFound = () => new AppError('not_found', 'We could not find that conversation.');

/**
 * What a command needs, read as one statement while the conversation's row is locked until the
 * transaction ends (see `forUpdate`; on PostgreSQL only that row): where the conversation is,
 * when it began and its state, with its space's row and every membership the space has (see
 * `members.alongside`), one row for each membership.
 */
const lockLive = kept('conversation_locked', (db) =>
	forUpdate(
		db,
		db
			.select({
				id: conversations.id,
				spaceId: conversations.spaceId,
				createdAt: conversations.createdAt,
				state: conversations.state,
				space: spaces,
				membership: members.alongside.table
			})
			.from(conversations)
			.innerJoin(spaces, eq(spaces.id, conversations.spaceId))
			.leftJoin(members.alongside.table, members.alongside.on(conversations.spaceId))
			.where(eq(conversations.id, sql.placeholder('id'))),
		{ of: conversations }
	)
);

/**
 * The conversation, its row locked, with its space and the space's memberships; undefined when
 * there is none.
 */
async function lockedWithSpace(tx: DbOrTx, id: string) {
	const rows = await lockLive(tx, { id });
	const [first] = rows;
	const facts = members.factsIn(rows);
	if (!first || !facts) return undefined;
	const { id: found, spaceId, createdAt, state } = first;
	return { conversation: { id: found, spaceId, createdAt, state }, ...facts };
}

/**
 * Whoever acted is still in the space now, read by the statement that saves the state (nobody,
 * `''`, for an event of the conversation's own). The conversation's lock may have been waited
 * for while their membership ended, and on PostgreSQL what was read with the lock is from before
 * the wait; a statement after it reads afresh.
 */
const actorStillIn = sql`(${sql.placeholder('actor')} = '' or exists (select 1 from ${memberships} where ${memberships.spaceId} = ${conversations.spaceId} and ${memberships.userId} = ${sql.placeholder('actor')} and ${memberships.status} = 'active'))`;

// set()'s types leave placeholders out, though it takes them and maps their values as the
// columns' own (as values() does). A placeholder's value is always mapped, so a moment that can be
// null has a statement of its own for null.
const stateUpdate = kept('conversation_state', (db) =>
	db
		.update(conversations)
		.set({
			state: sql.placeholder('state') as unknown as domain.State,
			quietSince: sql.placeholder('quietSince') as unknown as Date
		})
		.where(and(eq(conversations.id, sql.placeholder('id')), actorStillIn))
		.returning({ id: conversations.id })
);
const stateUpdateNotQuiet = kept('conversation_state_not_quiet', (db) =>
	db
		.update(conversations)
		.set({ state: sql.placeholder('state') as unknown as domain.State, quietSince: null })
		.where(and(eq(conversations.id, sql.placeholder('id')), actorStillIn))
		.returning({ id: conversations.id })
);

/**
 * Saves the state after an event of `actor`'s (`''` for nobody), and since when the conversation
 * has been quiet; false, saving nothing, if the actor is no longer in the space.
 */
async function saveState(
	tx: DbOrTx,
	id: string,
	state: domain.State,
	at: number,
	actor: string
): Promise<boolean> {
	const quietSince = domain.quietSince(state, at);
	const saved =
		quietSince === null
			? await stateUpdateNotQuiet(tx, { id, state, actor })
			: await stateUpdate(tx, { id, state, quietSince: new Date(quietSince), actor });
	return saved.length === 1;
}

/** The conversation, checked against the policy and the per-conversation rule, or "not found". */
export async function access(
	db: DbOrTx,
	userId: string | null | undefined,
	conversationId: string,
	action: SpaceAction
) {
	const [conversation] = await db
		.select()
		.from(conversations)
		.where(eq(conversations.id, conversationId))
		.limit(1);
	return check(db, userId, conversation, action);
}

async function check<C extends { spaceId: string; createdAt: Date }>(
	db: DbOrTx,
	userId: string | null | undefined,
	conversation: C | undefined,
	action: SpaceAction
) {
	if (!conversation) throw notFound();
	return checkAgainst(conversation, action, () =>
		authorize(db, userId, 'conversation.view', conversation.spaceId)
	);
}

/**
 * First whether this person may know of the conversation at all (else "not found", as for no
 * conversation); only then whether they may do what they ask. `view` is the policy's answer to
 * the first question.
 */
async function checkAgainst<C extends { spaceId: string; createdAt: Date }>(
	conversation: C,
	action: SpaceAction,
	view: () => Access | Promise<Access>
) {
	let seen;
	try {
		seen = await view();
	} catch (error) {
		if (error instanceof AppError && error.code === 'not_found') throw notFound();
		throw error;
	}
	if (!maySeeConversation(viewerOf(seen.membership), conversation)) throw notFound();
	return { conversation, ...(action === 'conversation.view' ? seen : authorizeAlso(seen, action)) };
}

/** Who takes part: the active partners, and the counselors who may see this conversation. */
async function peopleOf(
	db: DbOrTx,
	conversation: Pick<Conversation, 'spaceId' | 'createdAt'>
): Promise<domain.People> {
	return peopleAmong(await members.membersOf(db, conversation.spaceId), conversation);
}

function peopleAmong(
	here: readonly members.Member[],
	conversation: Pick<Conversation, 'createdAt'>
): domain.People {
	const began = conversation.createdAt.getTime();
	return {
		partners: here.filter((m) => m.role === 'partner').map((m) => m.userId),
		counselors: here
			.filter((m) => m.role === 'counselor' && m.joinedAt.getTime() <= began)
			.map((m) => m.userId)
	};
}

/**
 * Names of the people in a conversation, for showing it ("You" for oneself is the page's job):
 * those taking part now, and those its events name. Nobody else in the space (a counselor
 * still waiting for approval, say) is named.
 */
export async function peopleIn(
	db: DbOrTx,
	conversation: Conversation,
	events: readonly domain.Event[]
) {
	const who = await peopleOf(db, conversation);
	const named = new Set([...who.partners, ...who.counselors]);
	for (const e of events) {
		if (e.actor) named.add(e.actor);
		if (typeof e.data.to === 'string') named.add(e.data.to);
	}
	const names = new Map(
		(
			await db
				.select({ id: users.id, name: users.displayName })
				.from(users)
				.where(inArray(users.id, [...named]))
		).map((r) => [r.id, r.name])
	);
	return {
		partners: who.partners.map((id) => ({ id, name: names.get(id) ?? 'A partner' })),
		counselors: who.counselors.map((id) => ({ id, name: names.get(id) ?? 'A counselor' })),
		// In the order above (partners, counselors, then anyone else), not the database's.
		names: Object.fromEntries(
			[...named].flatMap((id) => (names.has(id) ? [[id, names.get(id)]] : []))
		)
	};
}

export const toEvent = (row: ConversationEvent): domain.Event => ({
	seq: row.seq,
	kind: row.kind,
	actor: row.actorId ?? '',
	at: row.at.getTime(),
	data: row.data
});

const eventInsert = kept('conversation_event', (db) =>
	db
		.insert(conversationEvents)
		.values({
			conversationId: sql.placeholder('conversationId'),
			seq: sql.placeholder('seq'),
			kind: sql.placeholder('kind'),
			actorId: sql.placeholder('actorId'),
			data: sql.placeholder('data'),
			clientId: sql.placeholder('clientId'),
			at: sql.placeholder('at')
		})
		// A device's id used before: nothing is written (the caller then answers with the first event).
		.onConflictDoNothing({
			target: [conversationEvents.conversationId, conversationEvents.clientId]
		})
		.returning({ seq: conversationEvents.seq })
);

/** Stores an event; false if this device id was already used in the conversation. */
async function insertEvent(
	tx: DbOrTx,
	conversationId: string,
	event: domain.Event,
	clientId: string
): Promise<boolean> {
	try {
		const written = await eventInsert(tx, {
			conversationId,
			seq: event.seq,
			kind: event.kind,
			// An event nobody sent (a quiet conversation ending by itself) has no actor.
			actorId: event.actor || null,
			data: event.data,
			clientId,
			at: new Date(event.at)
		});
		return written.length === 1;
	} catch (error) {
		// Its sender's account was deleted while the conversation's lock was waited for (what was
		// read with the lock is from before the wait): refused as it would be now.
		if (refusedBy(error, 'reference')) throw new AppError('forbidden');
		throw error;
	}
}

/**
 * Sends an event to every device that has the conversation open, after it was stored; the
 * device that sent the command (if it came over the live connection) has it in its answer.
 */
function broadcast(
	conversationId: string,
	event: domain.Event,
	device?: string,
	gone: readonly string[] = []
): void {
	const left = [...(device ? [device] : []), ...gone.map(rooms.user)];
	getIo()
		?.to(rooms.conversation(conversationId))
		.except(left)
		.emit('conversation:event', { conversationId, event });
}

/**
 * Who has a membership of the space but none in force (removed, left): their devices may still
 * be in the conversation's room for a moment after it ended, until they are taken out.
 */
function noLongerIn(memberships: readonly { userId: string; status: string }[]): string[] {
	const inForce = new Set(memberships.filter((m) => m.status === 'active').map((m) => m.userId));
	return [...new Set(memberships.map((m) => m.userId))].filter((id) => !inForce.has(id));
}

export interface StartInput {
	clientId: string;
	topic: string;
	agenda: string[];
	format: domain.Format;
	turnSeconds: number | null;
	scheduledFor: number | null;
}

/** Starts a conversation now (the starter holds the floor) or schedules it. Sent twice, starts once. */
export async function start(
	db: Db,
	userId: string,
	spaceId: string,
	input: StartInput,
	now = Date.now()
): Promise<{ id: string }> {
	const { space } = await authorize(db, userId, 'conversation.start', spaceId);
	const key = ownKey(userId, input.clientId);
	if (input.scheduledFor !== null && input.scheduledFor <= now)
		throw new AppError('invalid', PLANNED_IN_THE_PAST, 'startsAt');
	const result = await transaction(db, async (tx) => {
		const [existing] = await tx
			.select({ id: conversations.id })
			.from(conversations)
			.where(and(eq(conversations.spaceId, spaceId), eq(conversations.clientId, key)))
			.limit(1);
		if (existing) return { id: existing.id, created: false };
		const id = randomString();
		const scheduled = input.scheduledFor !== null;
		let state = domain.initial(input.format, input.turnSeconds, true);
		const row = {
			id,
			spaceId,
			topic: input.topic,
			agenda: input.agenda,
			format: input.format,
			turnSeconds: input.turnSeconds,
			scheduledFor: scheduled ? new Date(input.scheduledFor!) : null,
			stage: space.stage,
			createdBy: userId,
			createdAt: new Date(now),
			clientId: key,
			state
		};
		await tx.insert(conversations).values(row);
		if (!scheduled) {
			const begun = domain.apply(state, userId, await peopleOf(tx, row), { type: 'begin' }, now);
			if (!begun.ok) throw new AppError('conflict', domain.refusalMessages[begun.refusal]);
			await insertEvent(tx, id, begun.event, systemKey('begin', key));
			state = begun.state;
			await tx
				.update(conversations)
				.set({ state, quietSince: new Date(now) })
				.where(eq(conversations.id, id));
		}
		await tell(
			tx,
			await whoMayKnow(tx, spaceId, (v) => maySeeConversation(v, row), userId),
			{
				kind: scheduled ? 'conversation_planned' : 'conversation_started',
				spaceId,
				path: `/spaces/${spaceId}/conversations/${id}`
			},
			now
		);
		return { id, created: true };
	});
	if (result.created) {
		notify.changed(spaceId);
		log.info('conversation_started', { spaceId, userId, conversationId: result.id });
	}
	return { id: result.id };
}

/**
 * One command in a conversation. The client's id makes it land once: sending it again
 * (after a timeout, a reconnect, a double click) returns the event the first one made.
 * Commands arriving together are committed together (one flush to disk for the group);
 * the promise settles once this one is on disk, and only then is it broadcast. `device` is
 * the live connection it came from, which gets the event in its answer instead.
 */
export async function act(
	db: Db,
	userId: string,
	conversationId: string,
	clientId: string,
	command: domain.Command,
	{ now = Date.now(), device }: { now?: number; device?: string } = {}
): Promise<{ event: domain.Event; duplicate: boolean }> {
	const key = isSystemKey(clientId) ? clientId : ownKey(userId, clientId);
	const result = await commitTogether(
		db,
		async (tx) => {
			// Checked inside the group, against the state the command will change. The conversation's
			// row is locked first: commands to one conversation take turns, and are numbered in turn.
			const locked = await lockedWithSpace(tx, conversationId);
			if (!locked) throw notFound();
			const { conversation } = await checkAgainst(
				locked.conversation,
				'conversation.take_part',
				() => authorizeAmong(locked, userId, 'conversation.view')
			);
			const outcome = domain.apply(
				conversation.state,
				userId,
				peopleAmong(members.alongside.members(locked.memberships), conversation),
				command,
				now
			);
			if (outcome.ok && (await insertEvent(tx, conversationId, outcome.event, key))) {
				// Left or removed while the lock was waited for: refused as they would be now.
				if (!(await saveState(tx, conversationId, outcome.state, now, userId)))
					throw new AppError('forbidden');
				return {
					event: outcome.event,
					duplicate: false,
					spaceId: conversation.spaceId,
					gone: noLongerIn(locked.memberships)
				};
			}
			// Refused, or sent before with this id: if it was sent before, the first event is the answer.
			const [seen] = await tx
				.select()
				.from(conversationEvents)
				.where(
					and(
						eq(conversationEvents.conversationId, conversationId),
						eq(conversationEvents.clientId, key)
					)
				)
				.limit(1);
			if (seen) {
				if (seen.actorId !== userId || seen.kind !== command.type)
					throw new AppError('conflict', 'Please try that again.');
				return {
					event: toEvent(seen),
					duplicate: true,
					spaceId: conversation.spaceId,
					gone: noLongerIn(locked.memberships)
				};
			}
			throw new AppError(
				'conflict',
				outcome.ok ? 'Please try that again.' : domain.refusalMessages[outcome.refusal]
			);
		},
		{ locking: true, key: conversationId }
	);
	// Sent again too: the first time may have been stored and never sent on (its server stopped
	// in between, or lost its answer from the database). Devices keep each number once.
	broadcast(conversationId, result.event, device, result.gone);
	if (!result.duplicate) {
		// Lists and home pages care only about a conversation beginning or ending.
		if (command.type === 'begin' || command.type === 'end') notify.changed(result.spaceId);
	}
	return { event: result.event, duplicate: result.duplicate };
}

/**
 * Ends, with a line saying so, every conversation that has been going on with nothing happening
 * for QUIET_END_MS (abandoned ones would otherwise stay "going on" for ever). Asked on every
 * tick of the server, on every machine: each ends once. Returns the ids it ended.
 */
export async function endQuiet(db: Db, now = Date.now()): Promise<string[]> {
	const due = await db
		.select({ id: conversations.id })
		.from(conversations)
		.where(lte(conversations.quietSince, new Date(now - domain.QUIET_END_MS)));
	const ended: string[] = [];
	for (const { id } of due) {
		const done = await transaction(db, async (tx) => {
			const [row] = await tx
				.select({
					spaceId: conversations.spaceId,
					state: conversations.state,
					quietSince: conversations.quietSince
				})
				.from(conversations)
				.where(eq(conversations.id, id))
				.limit(1);
			if (!row?.quietSince) return null;
			const outcome = domain.endQuietly(row.state, row.quietSince.getTime(), now);
			if (!outcome?.ok || !(await insertEvent(tx, id, outcome.event, systemKey('quiet', id))))
				return null;
			await saveState(tx, id, outcome.state, now, '');
			return { spaceId: row.spaceId, event: outcome.event };
		});
		if (!done) continue;
		broadcast(id, done.event);
		notify.changed(done.spaceId);
		log.info('conversation_ended_quietly', { spaceId: done.spaceId, conversationId: id });
		ended.push(id);
	}
	return ended;
}

/** A conversation's events after a sequence number, in order: how a device catches up. */
export async function eventsAfter(
	db: DbOrTx,
	userId: string,
	conversationId: string,
	after: number
) {
	const { conversation } = await access(db, userId, conversationId, 'conversation.view');
	return { conversation, events: await readEvents(db, conversationId, after) };
}

/**
 * The stored events after a number, in order; callers have already checked access (`access`
 * with `conversation.view`, as `eventsAfter` does).
 */
export async function readEvents(
	db: DbOrTx,
	conversationId: string,
	after: number
): Promise<domain.Event[]> {
	const rows = await db
		.select()
		.from(conversationEvents)
		.where(
			and(eq(conversationEvents.conversationId, conversationId), gt(conversationEvents.seq, after))
		)
		.orderBy(asc(conversationEvents.seq));
	return rows.map(toEvent);
}

/** Everything a conversation page shows: the session, its state, every event, and names. */
export async function get(db: DbOrTx, userId: string, spaceId: string, conversationId: string) {
	const { conversation, membership } = await access(
		db,
		userId,
		conversationId,
		'conversation.view'
	);
	if (conversation.spaceId !== spaceId) throw notFound();
	return { conversation, events: await readEvents(db, conversationId, 0), me: membership };
}

/** The space's conversations this person may see, newest first. */
export async function list(db: DbOrTx, userId: string, spaceId: string) {
	const { membership } = await authorize(db, userId, 'conversation.view', spaceId);
	const viewer = viewerOf(membership);
	const rows = await db
		.select()
		.from(conversations)
		.where(eq(conversations.spaceId, spaceId))
		.orderBy(desc(conversations.createdAt));
	return rows.filter((c) => maySeeConversation(viewer, c));
}

/**
 * The conversations going on in the space (live, or paused for a time-out) that this person may
 * see, newest first: for the space home, on every visit, however many the space has had. A
 * conversation is going on exactly when it has a time since which it has been quiet (see
 * `saveState`), which is what the index by that time finds.
 */
export async function goingOn(db: DbOrTx, userId: string, spaceId: string) {
	const { membership } = await authorize(db, userId, 'conversation.view', spaceId);
	const viewer = viewerOf(membership);
	const rows = await goingOnQuery(db, { spaceId });
	return rows.filter((c) => maySeeConversation(viewer, c));
}

const goingOnQuery = kept('conversations_going_on', (db) =>
	db
		.select({
			id: conversations.id,
			topic: conversations.topic,
			createdAt: conversations.createdAt
		})
		.from(conversations)
		.where(
			and(
				eq(conversations.spaceId, sql.placeholder('spaceId')),
				isNotNull(conversations.quietSince)
			)
		)
		.orderBy(desc(conversations.createdAt))
);

/**
 * Turns a "what we want to try next" line of the summary into a proposed agreement, in one
 * step. Doing it twice proposes once.
 */
export async function proposeFromSummary(
	db: Db,
	userId: string,
	conversationId: string,
	item: number,
	now = Date.now()
) {
	const { conversation } = await access(db, userId, conversationId, 'conversation.take_part');
	const [line] = await db
		.select()
		.from(conversationEvents)
		.where(
			and(eq(conversationEvents.conversationId, conversationId), eq(conversationEvents.seq, item))
		)
		.limit(1);
	if (!line || line.kind !== 'summary' || line.data.section !== 'try')
		throw new AppError('not_found', 'We could not find that line of the summary.');
	const done = (
		await db
			.select()
			.from(conversationEvents)
			.where(
				and(
					eq(conversationEvents.conversationId, conversationId),
					eq(conversationEvents.kind, 'proposed')
				)
			)
	).find((e) => e.data.item === item);
	if (done) return { id: String(done.data.agreementId), created: false };
	const text = String(line.data.text);
	const title = text.length > 80 ? `${text.slice(0, 79)}…` : text;
	const proposal = await agreements.propose(
		db,
		userId,
		conversation.spaceId,
		{
			systemKey: systemKey('conversation', conversationId, item),
			terms: agreements.termsFrom({ title, details: text, forWhom: 'both', reviewOn: null })
		},
		now
	);
	await act(
		db,
		userId,
		conversationId,
		systemKey('proposed', item),
		{ type: 'proposed', item, agreementId: proposal.id },
		{ now }
	);
	return proposal;
}

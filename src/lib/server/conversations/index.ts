import { and, asc, desc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db';
import {
	conversationEvents,
	conversations,
	users,
	type Conversation,
	type ConversationEvent
} from '../db/schema';
import { randomString } from '../auth/tokens';
import { commitTogether } from '../db/together';
import { driverStatement, statement } from '../db/statement';
import { authorize, authorizeAlso, whoMayKnow } from '../policy';
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

// Every message runs these, so they are compiled once and reused.
const byId = statement((db) =>
	db
		.select()
		.from(conversations)
		.where(eq(conversations.id, sql.placeholder('id')))
		.prepare()
);
// Every message runs these; they skip the query builder's per-value mapping (`driverStatement`).
/** Only what a command needs: where the conversation is, when it began, and its state. */
const liveState = driverStatement((db) =>
	db
		.select({
			id: conversations.id,
			spaceId: conversations.spaceId,
			createdAt: conversations.createdAt,
			state: conversations.state
		})
		.from(conversations)
		.where(eq(conversations.id, sql.placeholder('id')))
);

function live(db: DbOrTx, id: string) {
	const row = liveState(db).get({ id }) as [string, string, number, string] | undefined;
	return (
		row && {
			id: row[0],
			spaceId: row[1],
			createdAt: new Date(row[2]),
			state: JSON.parse(row[3]) as domain.State
		}
	);
}

const byClientId = statement((db) =>
	db
		.select()
		.from(conversationEvents)
		.where(
			and(
				eq(conversationEvents.conversationId, sql.placeholder('conversationId')),
				eq(conversationEvents.clientId, sql.placeholder('clientId'))
			)
		)
		.prepare()
);
const insertEventRow = driverStatement((db) =>
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
);
const saveState = driverStatement((db) =>
	db
		.update(conversations)
		.set({
			state: sql.placeholder('state') as unknown as domain.State,
			quietSince: sql.placeholder('quietSince') as unknown as Date
		})
		.where(eq(conversations.id, sql.placeholder('id')))
);

/** The state after an event, and since when the conversation has been quiet, as stored. */
const stateRow = (id: string, state: domain.State, at: number) => ({
	id,
	state: JSON.stringify(state),
	quietSince: domain.quietSince(state, at)
});

/** The conversation, checked against the policy and the per-conversation rule, or "not found". */
export function access(
	db: DbOrTx,
	userId: string | null | undefined,
	conversationId: string,
	action: SpaceAction
) {
	return check(db, userId, byId(db).get({ id: conversationId }), action);
}

function check<C extends { spaceId: string; createdAt: Date }>(
	db: DbOrTx,
	userId: string | null | undefined,
	conversation: C | undefined,
	action: SpaceAction
) {
	if (!conversation) throw notFound();
	// First whether this person may know of it at all (else "not found", as for no conversation);
	// only then whether they may do what they ask.
	let seen;
	try {
		seen = authorize(db, userId, 'conversation.view', conversation.spaceId);
	} catch (error) {
		if (error instanceof AppError && error.code === 'not_found') throw notFound();
		throw error;
	}
	if (!maySeeConversation(viewerOf(seen.membership), conversation)) throw notFound();
	return { conversation, ...(action === 'conversation.view' ? seen : authorizeAlso(seen, action)) };
}

/** Who takes part: the active partners, and the counselors who may see this conversation. */
function peopleOf(
	db: DbOrTx,
	conversation: Pick<Conversation, 'spaceId' | 'createdAt'>
): domain.People {
	const here = members.membersOf(db, conversation.spaceId);
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
export function peopleIn(db: DbOrTx, conversation: Conversation, events: readonly domain.Event[]) {
	const who = peopleOf(db, conversation);
	const named = new Set([...who.partners, ...who.counselors]);
	for (const e of events) {
		if (e.actor) named.add(e.actor);
		if (typeof e.data.to === 'string') named.add(e.data.to);
	}
	const names = new Map(
		db
			.select({ id: users.id, name: users.displayName })
			.from(users)
			.where(inArray(users.id, [...named]))
			.all()
			.map((r) => [r.id, r.name])
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

/** Stores an event; false if this device id was already used in the conversation. */
function insertEvent(
	tx: DbOrTx,
	conversationId: string,
	event: domain.Event,
	clientId: string
): boolean {
	const row = {
		conversationId,
		seq: event.seq,
		kind: event.kind,
		// An event nobody sent (a quiet conversation ending by itself) has no actor.
		actorId: event.actor || null,
		data: JSON.stringify(event.data),
		clientId,
		at: event.at
	};
	return insertEventRow(tx).run(row).changes === 1;
}

/**
 * Sends an event to every device that has the conversation open, after it was stored; the
 * device that sent the command (if it came over the live connection) has it in its answer.
 */
function broadcast(conversationId: string, event: domain.Event, device?: string): void {
	const room = getIo()?.to(rooms.conversation(conversationId));
	(device ? room?.except(device) : room)?.emit('conversation:event', { conversationId, event });
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
export function start(
	db: Db,
	userId: string,
	spaceId: string,
	input: StartInput,
	now = Date.now()
): { id: string } {
	const { space } = authorize(db, userId, 'conversation.start', spaceId);
	const key = ownKey(userId, input.clientId);
	if (input.scheduledFor !== null && input.scheduledFor <= now)
		throw new AppError('invalid', PLANNED_IN_THE_PAST, 'startsAt');
	const result = db.transaction((tx) => {
		const existing = tx
			.select({ id: conversations.id })
			.from(conversations)
			.where(and(eq(conversations.spaceId, spaceId), eq(conversations.clientId, key)))
			.get();
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
		tx.insert(conversations).values(row).run();
		if (!scheduled) {
			const begun = domain.apply(state, userId, peopleOf(tx, row), { type: 'begin' }, now);
			if (!begun.ok) throw new AppError('conflict', domain.refusalMessages[begun.refusal]);
			insertEvent(tx, id, begun.event, systemKey('begin', key));
			state = begun.state;
			tx.update(conversations)
				.set({ state, quietSince: new Date(now) })
				.where(eq(conversations.id, id))
				.run();
		}
		tell(
			tx,
			whoMayKnow(tx, spaceId, (v) => maySeeConversation(v, row), userId),
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
	const result = await commitTogether(db, (tx) => {
		// Checked inside the group, against the state the command will change.
		const { conversation } = check(tx, userId, live(tx, conversationId), 'conversation.take_part');
		const outcome = domain.apply(
			conversation.state,
			userId,
			peopleOf(tx, conversation),
			command,
			now
		);
		if (outcome.ok && insertEvent(tx, conversationId, outcome.event, key)) {
			saveState(tx).run(stateRow(conversationId, outcome.state, now));
			return { event: outcome.event, duplicate: false, spaceId: conversation.spaceId };
		}
		// Refused, or sent before with this id: if it was sent before, the first event is the answer.
		const seen = byClientId(tx).get({ conversationId, clientId: key });
		if (seen) {
			if (seen.actorId !== userId || seen.kind !== command.type)
				throw new AppError('conflict', 'Please try that again.');
			return { event: toEvent(seen), duplicate: true, spaceId: conversation.spaceId };
		}
		throw new AppError(
			'conflict',
			outcome.ok ? 'Please try that again.' : domain.refusalMessages[outcome.refusal]
		);
	});
	if (!result.duplicate) {
		broadcast(conversationId, result.event, device);
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
export function endQuiet(db: Db, now = Date.now()): string[] {
	const due = db
		.select({ id: conversations.id })
		.from(conversations)
		.where(lte(conversations.quietSince, new Date(now - domain.QUIET_END_MS)))
		.all();
	const ended: string[] = [];
	for (const { id } of due) {
		const done = db.transaction((tx) => {
			const row = tx
				.select({
					spaceId: conversations.spaceId,
					state: conversations.state,
					quietSince: conversations.quietSince
				})
				.from(conversations)
				.where(eq(conversations.id, id))
				.get();
			if (!row?.quietSince) return null;
			const outcome = domain.endQuietly(row.state, row.quietSince.getTime(), now);
			if (!outcome?.ok || !insertEvent(tx, id, outcome.event, systemKey('quiet', id))) return null;
			saveState(tx).run(stateRow(id, outcome.state, now));
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
export function eventsAfter(db: DbOrTx, userId: string, conversationId: string, after: number) {
	const { conversation } = access(db, userId, conversationId, 'conversation.view');
	return { conversation, events: readEvents(db, conversationId, after) };
}

/** The stored events after a number, in order; callers have already checked access. */
function readEvents(db: DbOrTx, conversationId: string, after: number): domain.Event[] {
	return db
		.select()
		.from(conversationEvents)
		.where(
			and(eq(conversationEvents.conversationId, conversationId), gt(conversationEvents.seq, after))
		)
		.orderBy(asc(conversationEvents.seq))
		.all()
		.map(toEvent);
}

/** Everything a conversation page shows: the session, its state, every event, and names. */
export function get(db: DbOrTx, userId: string, spaceId: string, conversationId: string) {
	const { conversation, membership } = access(db, userId, conversationId, 'conversation.view');
	if (conversation.spaceId !== spaceId) throw notFound();
	return { conversation, events: readEvents(db, conversationId, 0), me: membership };
}

const inSpace = statement((db) =>
	db
		.select()
		.from(conversations)
		.where(eq(conversations.spaceId, sql.placeholder('spaceId')))
		.orderBy(desc(conversations.createdAt))
		.prepare()
);

/** The space's conversations this person may see, newest first. */
export function list(db: DbOrTx, userId: string, spaceId: string) {
	const { membership } = authorize(db, userId, 'conversation.view', spaceId);
	const viewer = viewerOf(membership);
	return inSpace(db)
		.all({ spaceId })
		.filter((c) => maySeeConversation(viewer, c));
}

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
	const { conversation } = access(db, userId, conversationId, 'conversation.take_part');
	const line = db
		.select()
		.from(conversationEvents)
		.where(
			and(eq(conversationEvents.conversationId, conversationId), eq(conversationEvents.seq, item))
		)
		.get();
	if (!line || line.kind !== 'summary' || line.data.section !== 'try')
		throw new AppError('not_found', 'We could not find that line of the summary.');
	const done = db
		.select()
		.from(conversationEvents)
		.where(
			and(
				eq(conversationEvents.conversationId, conversationId),
				eq(conversationEvents.kind, 'proposed')
			)
		)
		.all()
		.find((e) => e.data.item === item);
	if (done) return { id: String(done.data.agreementId), created: false };
	const text = String(line.data.text);
	const title = text.length > 80 ? `${text.slice(0, 79)}…` : text;
	const proposal = agreements.propose(
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

/**
 * A structured conversation as a pure state machine. Every accepted command becomes one
 * event; the state is what the events add up to, so replaying the stored events in order
 * always gives the same state on every device and after a restart.
 *
 * Speaker–listener: one partner holds the floor and writes; the other may only reflect back
 * what they heard; the speaker says whether that is right; the floor passes on request or by
 * the holder's choice. Free-form: everyone writes. Anyone can call a time-out; a counselor
 * present can moderate.
 */
import { tooLong } from './numbers';

export const formats = ['speaker_listener', 'free'] as const;
export type Format = (typeof formats)[number];

export const formatLabels: Record<Format, string> = {
	speaker_listener: 'Speaker and listener (taking turns)',
	free: 'Free conversation'
};

export const MIN_PAUSE_MINUTES = 20;
/** A conversation going on with nothing happening for this long ends by itself. */
export const QUIET_END_MS = 12 * 3_600_000;
export const MAX_PAUSE_MINUTES = 24 * 60;
export const LIMITS = { text: 1_000, topic: 120, agendaItem: 200, agendaItems: 10 } as const;

export type Status = 'scheduled' | 'live' | 'paused' | 'ended';
export type Role = 'partner' | 'counselor';

export interface State {
	format: Format;
	status: Status;
	/** Who holds the floor (speaker–listener only). */
	floor: string | null;
	/** The listener who asked for the floor, until it is given. */
	requestedBy: string | null;
	/** The sequence number of a reflection waiting for the speaker's answer. */
	awaiting: number | null;
	floorSince: number | null;
	/** An optional time per turn, shown to everyone; nobody is cut off. */
	turnSeconds: number | null;
	pause: { by: string; since: number; until: number } | null;
	/** The sequence number of the last event. */
	seq: number;
}

export type Command =
	| { type: 'begin' }
	| { type: 'message'; text: string }
	| { type: 'reflect'; text: string }
	| { type: 'confirm'; verdict: 'right' | 'not_quite'; clarification: string }
	| { type: 'pass' }
	| { type: 'request' }
	| { type: 'accept' }
	| { type: 'give'; to: string }
	| { type: 'timeout'; minutes: number }
	| { type: 'resume' }
	| { type: 'note'; text: string }
	| { type: 'end' }
	| { type: 'summary'; section: 'heard' | 'try'; text: string }
	| { type: 'proposed'; item: number; agreementId: string };

export type Kind = Command['type'];

/** What is stored and sent for every accepted command. */
export interface Event {
	seq: number;
	kind: Kind;
	actor: string;
	at: number;
	data: Record<string, string | number | null>;
}

export type Refusal =
	| 'ended'
	| 'not_started'
	| 'already_started'
	| 'paused'
	| 'not_paused'
	| 'too_soon'
	| 'not_your_floor'
	| 'speaker_cannot_reflect'
	| 'holds_floor'
	| 'awaiting_answer'
	| 'answer_first'
	| 'nothing_to_confirm'
	| 'needs_clarification'
	| 'no_request'
	| 'already_requested'
	| 'free_format'
	| 'counselor_only'
	| 'partners_only'
	| 'not_a_partner'
	| 'not_participant'
	| 'empty'
	| 'too_long'
	| 'pause_length'
	| 'not_ended';

export const refusalMessages: Record<Refusal, string> = {
	ended: 'This conversation has ended.',
	not_started: 'This conversation has not started yet.',
	already_started: 'This conversation has already started.',
	paused: 'The conversation is paused for a time-out. Please send this once it has resumed.',
	not_paused: 'There is no time-out to end.',
	too_soon: 'The time-out is not over yet. Please give it the full time.',
	not_your_floor: 'Only the person holding the floor can do this. You can ask for the floor.',
	speaker_cannot_reflect: 'You hold the floor: reflecting back is for the listener.',
	holds_floor: 'You already hold the floor.',
	awaiting_answer: 'Your last reflection is waiting for an answer first.',
	answer_first:
		"Please answer the reflection first: say whether it was right (That's right) or not quite, then write on.",
	nothing_to_confirm: 'There is no reflection waiting for an answer.',
	needs_clarification: 'Please say what was not quite right, so it can be heard again.',
	no_request: 'Nobody has asked for the floor.',
	already_requested: 'You have already asked for the floor.',
	free_format: 'This conversation has no floor: everyone can write.',
	counselor_only: 'Only a counselor can do this.',
	partners_only: 'Only the two partners can do this.',
	not_a_partner: 'The floor can only go to one of the partners.',
	not_participant: 'We could not find that conversation.',
	empty: 'Please write something first.',
	too_long: tooLong(LIMITS.text),
	pause_length: `A time-out lasts at least ${MIN_PAUSE_MINUTES} minutes (and at most a day).`,
	not_ended: 'The summary is written once the conversation has ended.'
};

export function initial(
	format: Format,
	turnSeconds: number | null = null,
	scheduled = false
): State {
	return {
		format,
		status: scheduled ? 'scheduled' : 'live',
		floor: null,
		requestedBy: null,
		awaiting: null,
		floorSince: null,
		turnSeconds,
		pause: null,
		seq: 0
	};
}

/** Who takes part: the space's partners (two) and any approved counselors. */
export interface People {
	partners: readonly string[];
	counselors: readonly string[];
}

export type Result = { ok: true; event: Event; state: State } | { ok: false; refusal: Refusal };

const texts = new Set<Kind>(['message', 'reflect', 'note', 'summary']);

/**
 * Checks one command from one person against the state and, if it may happen, returns the
 * event it becomes and the state after it.
 */
export function apply(
	s: State,
	actor: string,
	people: People,
	command: Command,
	now: number
): Result {
	const refuse = (refusal: Refusal): Result => ({ ok: false, refusal });
	const isPartner = people.partners.includes(actor);
	const isCounselor = people.counselors.includes(actor);
	if (!isPartner && !isCounselor) return refuse('not_participant');
	const other = people.partners.find((p) => p !== actor) ?? null;
	const sl = s.format === 'speaker_listener';

	if ('text' in command && texts.has(command.type)) {
		if (command.text.trim() === '') return refuse('empty');
		if (command.text.length > LIMITS.text) return refuse('too_long');
	}

	let data: Event['data'] = {};
	switch (command.type) {
		case 'summary':
			if (s.status !== 'ended') return refuse('not_ended');
			data = { section: command.section, text: command.text };
			break;
		case 'proposed':
			if (s.status !== 'ended') return refuse('not_ended');
			if (!isPartner) return refuse('partners_only');
			data = { item: command.item, agreementId: command.agreementId };
			break;
		default: {
			if (s.status === 'ended') return refuse('ended');
			if (s.status === 'scheduled' && command.type !== 'begin' && command.type !== 'end')
				return refuse('not_started');
			if (s.status === 'paused' && !['resume', 'end', 'note'].includes(command.type))
				return refuse('paused');
			switch (command.type) {
				case 'begin':
					if (s.status !== 'scheduled') return refuse('already_started');
					if (!isPartner) return refuse('partners_only');
					data = { floor: sl ? actor : null };
					break;
				case 'message':
					if (sl && s.floor !== actor) return refuse('not_your_floor');
					// The speaker says whether they were heard before saying more, so the answer
					// stays beside the reflection it is about.
					if (sl && s.awaiting !== null) return refuse('answer_first');
					data = { text: command.text };
					break;
				case 'reflect':
					if (!sl) return refuse('free_format');
					if (!isPartner) return refuse('partners_only');
					if (s.floor === actor) return refuse('speaker_cannot_reflect');
					if (s.awaiting !== null) return refuse('awaiting_answer');
					data = { text: command.text };
					break;
				case 'confirm':
					if (!sl) return refuse('free_format');
					if (s.floor !== actor) return refuse('not_your_floor');
					if (s.awaiting === null) return refuse('nothing_to_confirm');
					if (command.verdict === 'not_quite' && command.clarification.trim() === '')
						return refuse('needs_clarification');
					if (command.clarification.length > LIMITS.text) return refuse('too_long');
					data = { verdict: command.verdict, clarification: command.clarification, of: s.awaiting };
					break;
				case 'pass':
					if (!sl) return refuse('free_format');
					if (s.floor !== actor) return refuse('not_your_floor');
					data = { to: other };
					break;
				case 'request':
					if (!sl) return refuse('free_format');
					if (!isPartner) return refuse('partners_only');
					if (s.floor === actor) return refuse('holds_floor');
					if (s.requestedBy === actor) return refuse('already_requested');
					break;
				case 'accept':
					if (!sl) return refuse('free_format');
					if (s.floor !== actor) return refuse('not_your_floor');
					if (s.requestedBy === null) return refuse('no_request');
					data = { to: s.requestedBy };
					break;
				case 'give':
					if (!sl) return refuse('free_format');
					if (!isCounselor) return refuse('counselor_only');
					if (!people.partners.includes(command.to)) return refuse('not_a_partner');
					data = { to: command.to };
					break;
				case 'timeout':
					if (
						!Number.isInteger(command.minutes) ||
						command.minutes < MIN_PAUSE_MINUTES ||
						command.minutes > MAX_PAUSE_MINUTES
					)
						return refuse('pause_length');
					data = { until: now + command.minutes * 60_000, minutes: command.minutes };
					break;
				case 'resume':
					if (s.status !== 'paused' || !s.pause) return refuse('not_paused');
					// A counselor may end a time-out early; the partners wait it out.
					if (now < s.pause.until && !isCounselor) return refuse('too_soon');
					break;
				case 'note':
					if (!isCounselor) return refuse('counselor_only');
					data = { text: command.text };
					break;
				case 'end':
					break;
			}
		}
	}
	const event: Event = { seq: s.seq + 1, kind: command.type, actor, at: now, data };
	return { ok: true, event, state: next(s, event) };
}

/** The state after one stored event. Used for every new event and for replaying old ones. */
export function next(s: State, e: Event): State {
	const moved = (to: string | null): State => ({
		...s,
		floor: to,
		requestedBy: null,
		awaiting: null,
		floorSince: e.at
	});
	const base = { ...s, seq: e.seq };
	switch (e.kind) {
		case 'begin':
			return {
				...base,
				status: 'live',
				floor: (e.data.floor as string | null) ?? null,
				floorSince: e.at
			};
		case 'reflect':
			return { ...base, awaiting: e.seq };
		case 'confirm':
			return { ...base, awaiting: null };
		case 'pass':
		case 'accept':
		case 'give':
			return { ...moved((e.data.to as string | null) ?? null), seq: e.seq };
		case 'request':
			return { ...base, requestedBy: e.actor };
		case 'timeout':
			return {
				...base,
				status: 'paused',
				pause: { by: e.actor, since: e.at, until: e.data.until as number }
			};
		case 'resume':
			// The break does not count against the turn.
			return { ...base, status: 'live', pause: null, floorSince: e.at };
		case 'end':
			return { ...base, status: 'ended', pause: null, requestedBy: null, awaiting: null };
		default:
			return base;
	}
}

/**
 * Since when a conversation going on has been quiet, given its state after an event at `at`:
 * from that event, or from the end of a time-out (the agreed time to come back); null when it
 * is not going on (planned or ended), which nothing ends by itself.
 */
export function quietSince(s: State, at: number): number | null {
	if (s.status === 'live') return at;
	if (s.status === 'paused') return Math.max(at, s.pause?.until ?? at);
	return null;
}

/**
 * The end of a conversation left quiet for QUIET_END_MS: an event with no actor, or null when it
 * is not due (still going on within the time, or not going on at all).
 */
export function endQuietly(s: State, since: number, now: number): Result | null {
	if (s.status !== 'live' && s.status !== 'paused') return null;
	if (now - since < QUIET_END_MS) return null;
	const event: Event = { seq: s.seq + 1, kind: 'end', actor: '', at: now, data: { quiet: since } };
	return { ok: true, event, state: next(s, event) };
}

/** Every event again, in order: what a restarted server or a fresh device computes. */
export function replay(start: State, events: readonly Event[]): State {
	return events.reduce(next, start);
}

/** Seconds left in the current turn, if turns are timed (never below zero). */
export function turnLeft(s: State, now: number): number | null {
	if (s.turnSeconds === null || s.floorSince === null || s.status !== 'live') return null;
	return Math.max(0, s.turnSeconds - Math.floor((now - s.floorSince) / 1000));
}

/** Seconds until a time-out is over (zero once it may be resumed). */
export function pauseLeft(s: State, now: number): number | null {
	return s.pause ? Math.max(0, Math.ceil((s.pause.until - now) / 1000)) : null;
}

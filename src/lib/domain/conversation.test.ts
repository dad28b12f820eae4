import { describe, expect, it } from 'vitest';
import {
	apply,
	endQuietly,
	initial,
	QUIET_END_MS,
	quietSince,
	pauseLeft,
	replay,
	turnLeft,
	type Command,
	type Event,
	type State
} from './conversation';

const people = { partners: ['ann', 'ben'], counselors: ['cleo'] };
const T0 = Date.UTC(2026, 10, 21, 18, 0);

/** Runs commands in order, failing the test on any refusal; returns the state and the events. */
function run(s: State, ...steps: [string, Command, number?][]): { state: State; events: Event[] } {
	const events: Event[] = [];
	for (const [actor, command, at] of steps) {
		const r = apply(s, actor, people, command, at ?? T0 + events.length * 1000);
		if (!r.ok) throw new Error(`${actor} ${command.type} refused: ${r.refusal}`);
		events.push(r.event);
		s = r.state;
	}
	return { state: s, events };
}
const refusal = (s: State, actor: string, command: Command, at = T0) => {
	const r = apply(s, actor, people, command, at);
	return r.ok ? null : r.refusal;
};
const begun = () => run(initial('speaker_listener', 120, true), ['ann', { type: 'begin' }]).state;

describe('speaker and listener', () => {
	it('starts with the floor at whoever began, and numbers every event', () => {
		const { state, events } = run(
			initial('speaker_listener', null, true),
			['ben', { type: 'begin' }],
			['ben', { type: 'message', text: 'I want to talk about Sunday.' }]
		);
		expect(state).toMatchObject({ status: 'live', floor: 'ben', seq: 2 });
		expect(events.map((e) => [e.seq, e.kind, e.actor])).toEqual([
			[1, 'begin', 'ben'],
			[2, 'message', 'ben']
		]);
	});

	it('lets only the floor holder write, and only the listener reflect', () => {
		const s = begun();
		expect(refusal(s, 'ben', { type: 'message', text: 'But you…' })).toBe('not_your_floor');
		expect(refusal(s, 'cleo', { type: 'message', text: 'Hello' })).toBe('not_your_floor');
		expect(refusal(s, 'ann', { type: 'reflect', text: 'What I heard…' })).toBe(
			'speaker_cannot_reflect'
		);
		expect(refusal(s, 'cleo', { type: 'reflect', text: 'What I heard…' })).toBe('partners_only');
		expect(refusal(s, 'ann', { type: 'message', text: '   ' })).toBe('empty');
		expect(refusal(s, 'ann', { type: 'message', text: 'x'.repeat(1001) })).toBe('too_long');
	});

	it('has the speaker answer a reflection: right, or not quite with a clarification', () => {
		const { state, events } = run(
			begun(),
			['ann', { type: 'message', text: 'I felt alone at the party.' }],
			['ben', { type: 'reflect', text: 'What I heard is that you felt left on your own.' }]
		);
		expect(state.awaiting).toBe(3);
		expect(refusal(state, 'ben', { type: 'reflect', text: 'And also…' })).toBe('awaiting_answer');
		expect(refusal(state, 'ben', { type: 'confirm', verdict: 'right', clarification: '' })).toBe(
			'not_your_floor'
		);
		expect(
			refusal(state, 'ann', { type: 'confirm', verdict: 'not_quite', clarification: ' ' })
		).toBe('needs_clarification');
		const after = run(state, [
			'ann',
			{ type: 'confirm', verdict: 'not_quite', clarification: 'Alone even with you there.' }
		]);
		expect(after.events[0]!.data).toEqual({
			verdict: 'not_quite',
			clarification: 'Alone even with you there.',
			of: 3
		});
		expect(after.state.awaiting).toBeNull();
		expect(
			refusal(after.state, 'ann', { type: 'confirm', verdict: 'right', clarification: '' })
		).toBe('nothing_to_confirm');
		expect(events).toHaveLength(2);
	});

	it('has the speaker answer a waiting reflection before writing again', () => {
		const { state } = run(
			begun(),
			['ann', { type: 'message', text: 'I felt alone at the party.' }],
			['ben', { type: 'reflect', text: 'What I heard is that you felt alone.' }]
		);
		expect(refusal(state, 'ann', { type: 'message', text: 'And another thing' })).toBe(
			'answer_first'
		);
		const answered = run(state, ['ann', { type: 'confirm', verdict: 'right', clarification: '' }]);
		expect(
			refusal(answered.state, 'ann', { type: 'message', text: 'And another thing' })
		).toBeNull();
		// In the free format nobody waits for anyone.
		const free = run(initial('free', null, true), ['ann', { type: 'begin' }]).state;
		expect(refusal(free, 'ann', { type: 'message', text: 'Hello' })).toBeNull();
	});

	it('passes the floor only from its holder, and on request only when accepted', () => {
		const s = begun();
		expect(refusal(s, 'ben', { type: 'pass' })).toBe('not_your_floor');
		expect(refusal(s, 'ann', { type: 'request' })).toBe('holds_floor');
		expect(refusal(s, 'ann', { type: 'accept' })).toBe('no_request');
		const asked = run(s, ['ben', { type: 'request' }]).state;
		expect(asked.requestedBy).toBe('ben');
		expect(refusal(asked, 'ben', { type: 'request' })).toBe('already_requested');
		expect(refusal(asked, 'ben', { type: 'accept' })).toBe('not_your_floor');
		const given = run(asked, ['ann', { type: 'accept' }]).state;
		expect(given).toMatchObject({ floor: 'ben', requestedBy: null });
		const back = run(given, ['ben', { type: 'pass' }]).state;
		expect(back.floor).toBe('ann');
	});

	it('lets a counselor give the floor to a partner, and add a note for everyone', () => {
		const s = begun();
		expect(refusal(s, 'ann', { type: 'give', to: 'ben' })).toBe('counselor_only');
		expect(refusal(s, 'cleo', { type: 'give', to: 'cleo' })).toBe('not_a_partner');
		const { state, events } = run(
			s,
			['cleo', { type: 'give', to: 'ben' }],
			['cleo', { type: 'note', text: 'Let us slow down a little.' }]
		);
		expect(state.floor).toBe('ben');
		expect(events[1]!.kind).toBe('note');
		expect(refusal(s, 'ann', { type: 'note', text: 'hi' })).toBe('counselor_only');
	});

	it('times turns when asked to, without cutting anyone off', () => {
		const s = begun();
		expect(turnLeft(s, T0 + 30_000)).toBe(90);
		expect(turnLeft(s, T0 + 600_000)).toBe(0);
		expect(refusal(s, 'ann', { type: 'message', text: 'Still mine' }, T0 + 600_000)).toBeNull();
		expect(turnLeft(initial('speaker_listener'), T0)).toBeNull();
	});
});

describe('time-outs', () => {
	it('can be called by anyone, for at least 20 minutes, and refuse messages meanwhile', () => {
		const s = begun();
		expect(refusal(s, 'ben', { type: 'timeout', minutes: 19 })).toBe('pause_length');
		expect(refusal(s, 'ben', { type: 'timeout', minutes: 20.5 })).toBe('pause_length');
		expect(refusal(s, 'ben', { type: 'timeout', minutes: 24 * 60 + 1 })).toBe('pause_length');
		const paused = run(s, ['ben', { type: 'timeout', minutes: 30 }, T0]).state;
		expect(paused.pause).toEqual({ by: 'ben', since: T0, until: T0 + 30 * 60_000 });
		expect(pauseLeft(paused, T0 + 60_000)).toBe(29 * 60);
		for (const command of [
			{ type: 'message', text: 'x' },
			{ type: 'reflect', text: 'x' },
			{ type: 'pass' },
			{ type: 'timeout', minutes: 20 }
		] as Command[])
			expect(refusal(paused, 'ann', command)).toBe('paused');
	});

	it('resumes once the time is over, or earlier only by a counselor', () => {
		const paused = run(begun(), ['ann', { type: 'timeout', minutes: 20 }, T0]).state;
		expect(refusal(paused, 'ann', { type: 'resume' }, T0 + 19 * 60_000)).toBe('too_soon');
		expect(refusal(paused, 'ben', { type: 'resume' }, T0 + 20 * 60_000)).toBeNull();
		expect(refusal(paused, 'cleo', { type: 'resume' }, T0 + 60_000)).toBeNull();
		expect(refusal(begun(), 'ann', { type: 'resume' })).toBe('not_paused');
		const resumed = run(paused, ['ben', { type: 'resume' }, T0 + 20 * 60_000]).state;
		expect(resumed).toMatchObject({ status: 'live', pause: null, floor: 'ann' });
		// The break does not eat into the speaker's turn.
		expect(turnLeft(resumed, T0 + 20 * 60_000)).toBe(120);
	});
});

describe('beginning, ending and the summary', () => {
	it('waits for a scheduled conversation to begin, and only a partner begins it', () => {
		const s = initial('free', null, true);
		expect(refusal(s, 'ann', { type: 'message', text: 'hi' })).toBe('not_started');
		expect(refusal(s, 'cleo', { type: 'begin' })).toBe('partners_only');
		expect(refusal(begun(), 'ann', { type: 'begin' })).toBe('already_started');
	});

	it('lets everyone write in the free format, where there is no floor', () => {
		const s = initial('free');
		expect(
			run(
				s,
				['ann', { type: 'message', text: 'a' }],
				['ben', { type: 'message', text: 'b' }],
				['cleo', { type: 'message', text: 'c' }]
			).state.seq
		).toBe(3);
		for (const command of [
			{ type: 'reflect', text: 'x' },
			{ type: 'pass' },
			{ type: 'request' },
			{ type: 'give', to: 'ann' }
		] as Command[])
			expect(refusal(s, 'ann', command)).toBe('free_format');
	});

	it('accepts only summary lines and proposals once ended, and nothing from outsiders ever', () => {
		const ended = run(begun(), ['ben', { type: 'end' }]).state;
		expect(ended.status).toBe('ended');
		expect(refusal(ended, 'ann', { type: 'message', text: 'one more thing' })).toBe('ended');
		expect(refusal(begun(), 'ann', { type: 'summary', section: 'heard', text: 'x' })).toBe(
			'not_ended'
		);
		const { events } = run(
			ended,
			['cleo', { type: 'summary', section: 'heard', text: 'Both felt unheard.' }],
			['ann', { type: 'summary', section: 'try', text: 'A walk on Sundays.' }],
			['ben', { type: 'proposed', item: 4, agreementId: 'ag1' }]
		);
		expect(events.map((e) => e.kind)).toEqual(['summary', 'summary', 'proposed']);
		expect(refusal(ended, 'cleo', { type: 'proposed', item: 4, agreementId: 'x' })).toBe(
			'partners_only'
		);
		expect(refusal(begun(), 'omar', { type: 'message', text: 'hello' })).toBe('not_participant');
	});

	it('gives the same state when the events are replayed', () => {
		const { state, events } = run(
			begun(),
			['ann', { type: 'message', text: 'one' }],
			['ben', { type: 'reflect', text: 'two' }],
			['ann', { type: 'confirm', verdict: 'right', clarification: '' }],
			['ben', { type: 'request' }],
			['ann', { type: 'accept' }],
			['ann', { type: 'timeout', minutes: 20 }],
			['cleo', { type: 'resume' }],
			['ben', { type: 'end' }]
		);
		const start = run(initial('speaker_listener', 120, true), ['ann', { type: 'begin' }]);
		expect(replay(initial('speaker_listener', 120, true), [...start.events, ...events])).toEqual(
			state
		);
	});
});

describe('a conversation left quiet', () => {
	it('counts quiet from the last event, or from the end of a time-out, and only while going on', () => {
		const s = begun();
		expect(quietSince(s, T0)).toBe(T0);
		const paused = run(s, ['ben', { type: 'timeout', minutes: 60 }, T0]).state;
		expect(quietSince(paused, T0)).toBe(T0 + 60 * 60_000);
		expect(quietSince(initial('free', null, true), T0)).toBeNull();
		expect(quietSince(run(s, ['ann', { type: 'end' }]).state, T0)).toBeNull();
	});

	it('ends by itself after twelve quiet hours, with an event nobody sent', () => {
		const s = begun();
		expect(endQuietly(s, T0, T0 + QUIET_END_MS - 1)).toBeNull();
		const ended = endQuietly(s, T0, T0 + QUIET_END_MS);
		expect(ended).toMatchObject({
			ok: true,
			event: { seq: 2, kind: 'end', actor: '', data: { quiet: T0 } },
			state: { status: 'ended' }
		});
		expect(endQuietly(initial('free', null, true), T0, T0 + 2 * QUIET_END_MS)).toBeNull();
		if (ended?.ok) expect(endQuietly(ended.state, T0, T0 + 2 * QUIET_END_MS)).toBeNull();
	});
});

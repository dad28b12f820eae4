import { describe, expect, it } from 'vitest';
import { apply, milestoneAfter, outcomeOf, start, type Command, type Journey } from './journey';

const partners = ['ann', 'ben'];

function run(j: Journey, ...steps: [string, Command][]): Journey {
	for (const [actor, command] of steps) {
		const result = apply(j, actor, partners, command);
		if (!result.ok) throw new Error(`refused: ${result.refusal}`);
		j = result.journey;
	}
	return j;
}

const refusal = (j: Journey, actor: string, command: Command, who = partners) => {
	const result = apply(j, actor, who, command);
	return result.ok ? null : result.refusal;
};

const atStage = (stage: number): Journey => ({ ...start(), stage });

describe('readiness', () => {
	it('advances only when both partners are ready, and then resets readiness', () => {
		const one = run(start(), ['ann', { type: 'ready' }]);
		expect(one).toMatchObject({ stage: 1, ready: ['ann'] });
		const both = apply(one, 'ben', partners, { type: 'ready' });
		expect(both).toEqual({
			ok: true,
			journey: { stage: 2, closed: false, ready: [], sealed: {} },
			happened: [{ type: 'advanced', from: 1, to: 2 }]
		});
	});

	it('counts the same partner twice as one (a double click, two devices)', () => {
		const twice = run(start(), ['ann', { type: 'ready' }], ['ann', { type: 'ready' }]);
		expect(twice).toMatchObject({ stage: 1, ready: ['ann'] });
	});

	it('lets readiness be taken back before the other is ready', () => {
		const j = run(
			start(),
			['ann', { type: 'ready' }],
			['ann', { type: 'unready' }],
			['ben', { type: 'ready' }]
		);
		expect(j).toMatchObject({ stage: 1, ready: ['ben'] });
		expect(refusal(j, 'ann', { type: 'unready' })).toBe('not_ready');
	});

	it('settles a race either way: whichever arrives second advances, exactly once', () => {
		const annFirst = run(start(), ['ann', { type: 'ready' }], ['ben', { type: 'ready' }]);
		const benFirst = run(start(), ['ben', { type: 'ready' }], ['ann', { type: 'ready' }]);
		expect(annFirst).toEqual(benFirst);
		expect(annFirst.stage).toBe(2);
		// A late "not ready" after the stage moved finds nothing to take back.
		expect(refusal(annFirst, 'ann', { type: 'unready' })).toBe('not_ready');
	});

	it('has no readiness in stage 4 (choices decide there) or in rebuilding', () => {
		expect(refusal(atStage(4), 'ann', { type: 'ready' })).toBe('no_readiness_here');
		expect(refusal(atStage(5), 'ann', { type: 'ready' })).toBe('no_readiness_here');
	});

	it('needs both partners present, and only partners', () => {
		expect(refusal(start(), 'ann', { type: 'ready' }, ['ann'])).toBe('alone');
		expect(refusal(start(), 'cleo', { type: 'ready' })).toBe('not_partner');
		expect(refusal({ ...start(), closed: true }, 'ann', { type: 'ready' })).toBe('closed');
	});
});

describe('moving back', () => {
	it('needs no permission, and clears readiness and sealed choices', () => {
		const j: Journey = { stage: 4, closed: false, ready: [], sealed: { ann: 'continue' } };
		const result = apply(j, 'ben', partners, { type: 'back', to: 2 });
		expect(result).toEqual({
			ok: true,
			journey: { stage: 2, closed: false, ready: [], sealed: {} },
			happened: [{ type: 'moved_back', from: 4, to: 2 }]
		});
		expect(run({ ...atStage(3), ready: ['ann'] }, ['ben', { type: 'back', to: 1 }]).ready).toEqual(
			[]
		);
	});

	it('only goes to an earlier stage', () => {
		for (const to of [3, 4, 0, -1, 2.5])
			expect(refusal(atStage(3), 'ann', { type: 'back', to })).toBe('not_earlier');
		expect(run(atStage(5), ['ann', { type: 'back', to: 4 }]).stage).toBe(4);
	});
});

describe('the sealed choice in stage 4', () => {
	it('stays sealed with one choice: the other learns nothing, not even that a choice was made', () => {
		const j = run(atStage(4), ['ann', { type: 'choose', choice: 'step_back' }]);
		expect(j.sealed).toEqual({ ann: 'step_back' });
		expect(j.stage).toBe(4);
		expect(j.closed).toBe(false);
	});

	it('can be changed until the reveal', () => {
		const j = run(
			atStage(4),
			['ann', { type: 'choose', choice: 'step_back' }],
			['ann', { type: 'choose', choice: 'continue' }]
		);
		expect(j.sealed).toEqual({ ann: 'continue' });
	});

	it('reveals both at once when the second choice comes in', () => {
		const one = run(atStage(4), ['ann', { type: 'choose', choice: 'continue' }]);
		const result = apply(one, 'ben', partners, { type: 'choose', choice: 'continue' });
		expect(result).toEqual({
			ok: true,
			journey: { stage: 5, closed: false, ready: [], sealed: {} },
			happened: [
				{ type: 'revealed', choices: { ann: 'continue', ben: 'continue' }, outcome: 'rebuilding' }
			]
		});
	});

	it('honours a single step-back by closing, and waits on "more time"', () => {
		const stepped = run(
			atStage(4),
			['ann', { type: 'choose', choice: 'continue' }],
			['ben', { type: 'choose', choice: 'step_back' }]
		);
		expect(stepped.closed).toBe(true);
		const waiting = run(
			atStage(4),
			['ann', { type: 'choose', choice: 'more_time' }],
			['ben', { type: 'choose', choice: 'continue' }]
		);
		expect(waiting).toEqual({ stage: 4, closed: false, ready: [], sealed: {} });
		// Both can choose again later.
		expect(run(waiting, ['ann', { type: 'choose', choice: 'continue' }]).sealed).toEqual({
			ann: 'continue'
		});
	});

	it('only happens in stage 4', () => {
		for (const stage of [1, 2, 3, 5])
			expect(refusal(atStage(stage), 'ann', { type: 'choose', choice: 'continue' })).toBe(
				'not_choosing_stage'
			);
	});

	it('weighs choices the same whoever made them', () => {
		expect(outcomeOf(['continue', 'continue'])).toBe('rebuilding');
		expect(outcomeOf(['more_time', 'step_back'])).toBe('stepped_back');
		expect(outcomeOf(['step_back', 'more_time'])).toBe('stepped_back');
		expect(outcomeOf(['continue', 'more_time'])).toBe('more_time');
	});
});

describe('every command in every state', () => {
	const commands: [string, Command][] = [
		['ready', { type: 'ready' }],
		['unready', { type: 'unready' }],
		['back to 1', { type: 'back', to: 1 }],
		['back to 3', { type: 'back', to: 3 }],
		['back to 0', { type: 'back', to: 0 }],
		['back to 2.5', { type: 'back', to: 2.5 }],
		['choose', { type: 'choose', choice: 'continue' }]
	];
	// Refusals per stage (1–5), for a partner who is not ready: null means allowed.
	const expected: Record<string, (string | null)[]> = {
		ready: [null, null, null, 'no_readiness_here', 'no_readiness_here'],
		unready: ['not_ready', 'not_ready', 'not_ready', 'not_ready', 'not_ready'],
		'back to 1': ['not_earlier', null, null, null, null],
		'back to 3': ['not_earlier', 'not_earlier', 'not_earlier', null, null],
		'back to 0': ['not_earlier', 'not_earlier', 'not_earlier', 'not_earlier', 'not_earlier'],
		'back to 2.5': ['not_earlier', 'not_earlier', 'not_earlier', 'not_earlier', 'not_earlier'],
		choose: [
			'not_choosing_stage',
			'not_choosing_stage',
			'not_choosing_stage',
			null,
			'not_choosing_stage'
		]
	};
	for (const [name, command] of commands) {
		it(`${name}: allowed or refused as it should be, and always refused once closed`, () => {
			expect([1, 2, 3, 4, 5].map((stage) => refusal(atStage(stage), 'ann', command))).toEqual(
				expected[name]
			);
			for (const stage of [1, 2, 3, 4, 5])
				expect(refusal({ ...atStage(stage), closed: true }, 'ann', command)).toBe('closed');
			expect(refusal(atStage(2), 'stranger', command)).toBe('not_partner');
		});
	}
});

describe('the milestone a step makes', () => {
	const after = (j: Journey, actor: string, command: Command) => {
		const result = apply(j, actor, partners, command);
		if (!result.ok) throw new Error(`refused: ${result.refusal}`);
		return milestoneAfter(j, result.journey, result.happened);
	};
	const sealedBy = (j: Journey, actor: string, choice: 'continue' | 'more_time' | 'step_back') =>
		run(j, [actor, { type: 'choose', choice }]);

	it('is a step forward together, and both choosing to continue', () => {
		expect(after(run(atStage(2), ['ann', { type: 'ready' }]), 'ben', { type: 'ready' })).toBe(
			'reached'
		);
		expect(
			after(sealedBy(atStage(4), 'ann', 'continue'), 'ben', { type: 'choose', choice: 'continue' })
		).toBe('continued');
	});

	it('is none after a step back, and unchanged by a step that keeps the stage', () => {
		expect(after(atStage(3), 'ann', { type: 'back', to: 1 })).toBeNull();
		expect(after(atStage(2), 'ann', { type: 'ready' })).toBeUndefined();
		expect(after(atStage(4), 'ann', { type: 'choose', choice: 'continue' })).toBeUndefined();
		expect(
			after(sealedBy(atStage(4), 'ann', 'continue'), 'ben', { type: 'choose', choice: 'more_time' })
		).toBeUndefined();
	});
});

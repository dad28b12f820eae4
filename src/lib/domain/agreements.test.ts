import { describe, expect, it } from 'vitest';
import {
	activeVersion,
	alreadyDone,
	apply,
	awaitsAnswerFrom,
	empty,
	pendingVersion,
	statusOf,
	weekOf,
	weeklyKeeping,
	type Agreement,
	type Command,
	type Terms
} from './agreements';

const terms = (title: string, more: Partial<Terms> = {}): Terms => ({
	title,
	details: `${title}, every week`,
	appliesTo: 'both',
	reviewOn: null,
	...more
});

/** Applies a command that must succeed. */
function step(a: Agreement, actor: string, command: Command, now = 1): Agreement {
	const outcome = apply(a, actor, command, now);
	if (!outcome.ok) throw new Error(`refused: ${outcome.refusal}`);
	return outcome.agreement;
}

function refusal(a: Agreement, actor: string, command: Command) {
	const outcome = apply(a, actor, command, 99);
	return outcome.ok ? null : outcome.refusal;
}

const proposed = () => step(empty(), 'ann', { type: 'propose', terms: terms('Sunday talk') }, 10);
const active = () => step(proposed(), 'ben', { type: 'accept', version: 1 }, 20);

describe('proposing and answering', () => {
	it('starts as a proposal from its proposer, waiting for the other', () => {
		const a = proposed();
		expect(statusOf(a)).toBe('proposed');
		expect(pendingVersion(a)).toMatchObject({
			number: 1,
			proposedBy: 'ann',
			proposedAt: 10,
			state: 'proposed'
		});
		expect(awaitsAnswerFrom(a, 'ben')).toBe('proposal');
		expect(awaitsAnswerFrom(a, 'ann')).toBeNull();
	});

	it('refuses to let the proposer accept, decline or answer their own proposal', () => {
		for (const command of [
			{ type: 'accept', version: 1 },
			{ type: 'decline', version: 1, note: '' },
			{ type: 'suggest', version: 1, terms: terms('Other') }
		] as Command[])
			expect(refusal(proposed(), 'ann', command)).toBe('own_proposal');
	});

	it('becomes active when the other accepts, recording who and when', () => {
		const a = active();
		expect(statusOf(a)).toBe('active');
		expect(activeVersion(a)).toMatchObject({ number: 1, decidedBy: 'ben', decidedAt: 20 });
	});

	it('can be declined with a note', () => {
		const a = step(proposed(), 'ben', { type: 'decline', version: 1, note: 'Not every week' });
		expect(statusOf(a)).toBe('declined');
		expect(a.versions[0]).toMatchObject({
			state: 'declined',
			declineNote: 'Not every week',
			decidedBy: 'ben'
		});
		expect(refusal(a, 'ben', { type: 'accept', version: 1 })).toBe('not_pending');
	});

	it('turns a suggested change into a new proposal the first proposer must answer', () => {
		const a = step(proposed(), 'ben', {
			type: 'suggest',
			version: 1,
			terms: terms('Sunday talk', { details: 'Every other week' })
		});
		expect(a.versions.map((v) => [v.number, v.state, v.proposedBy, v.basedOn])).toEqual([
			[1, 'replaced', 'ann', null],
			[2, 'proposed', 'ben', 1]
		]);
		expect(awaitsAnswerFrom(a, 'ann')).toBe('proposal');
		expect(refusal(a, 'ben', { type: 'accept', version: 2 })).toBe('own_proposal');
		expect(statusOf(step(a, 'ann', { type: 'accept', version: 2 }))).toBe('active');
	});

	it('refuses a "change" that changes nothing', () => {
		expect(
			refusal(proposed(), 'ben', { type: 'suggest', version: 1, terms: terms('Sunday talk') })
		).toBe('unchanged');
	});

	it('lets only the proposer withdraw a proposal', () => {
		expect(refusal(proposed(), 'ben', { type: 'withdraw', version: 1 })).toBe('not_proposer');
		const a = step(proposed(), 'ann', { type: 'withdraw', version: 1 });
		expect(statusOf(a)).toBe('withdrawn');
	});

	it('refuses to answer a version that does not exist or is no longer open', () => {
		expect(refusal(proposed(), 'ben', { type: 'accept', version: 7 })).toBe('not_pending');
		expect(refusal(active(), 'ben', { type: 'accept', version: 1 })).toBe('not_pending');
		expect(refusal(active(), 'ann', { type: 'propose', terms: terms('Again') })).toBe(
			'not_pending'
		);
	});
});

describe('changing an agreement in force', () => {
	const revised = () =>
		step(
			active(),
			'ben',
			{ type: 'revise', terms: terms('Sunday talk', { details: 'Sundays and Wednesdays' }) },
			30
		);

	it('keeps the current version in force until the change is accepted', () => {
		const a = revised();
		expect(statusOf(a)).toBe('active');
		expect(activeVersion(a)?.number).toBe(1);
		expect(pendingVersion(a)).toMatchObject({ number: 2, proposedBy: 'ben', basedOn: 1 });
		expect(awaitsAnswerFrom(a, 'ann')).toBe('proposal');
	});

	it('supersedes the old version once the other accepts, keeping the whole history', () => {
		const a = step(revised(), 'ann', { type: 'accept', version: 2 }, 40);
		expect(a.versions.map((v) => [v.number, v.state])).toEqual([
			[1, 'superseded'],
			[2, 'active']
		]);
		expect(a.versions[1]).toMatchObject({
			proposedBy: 'ben',
			proposedAt: 30,
			decidedBy: 'ann',
			decidedAt: 40
		});
	});

	it('keeps the old version when the change is declined', () => {
		const a = step(revised(), 'ann', { type: 'decline', version: 2, note: 'Wednesdays are hard' });
		expect(activeVersion(a)?.number).toBe(1);
		expect(statusOf(a)).toBe('active');
	});

	it('allows one open change at a time, and none before the agreement is in force', () => {
		expect(refusal(revised(), 'ann', { type: 'revise', terms: terms('Another') })).toBe(
			'pending_change'
		);
		expect(refusal(proposed(), 'ann', { type: 'revise', terms: terms('Another') })).toBe(
			'not_active'
		);
		expect(refusal(active(), 'ann', { type: 'revise', terms: terms('Sunday talk') })).toBe(
			'unchanged'
		);
	});
});

describe('retiring', () => {
	const requested = () => step(active(), 'ann', { type: 'requestRetire' }, 50);

	it('needs both: one proposes, the other agrees', () => {
		const a = requested();
		expect(statusOf(a)).toBe('active');
		expect(awaitsAnswerFrom(a, 'ben')).toBe('retire');
		expect(refusal(a, 'ann', { type: 'acceptRetire' })).toBe('own_retire_request');
		const retired = step(a, 'ben', { type: 'acceptRetire' }, 60);
		expect(statusOf(retired)).toBe('retired');
		expect(retired).toMatchObject({ retireRequestedBy: 'ann', retiredBy: 'ben', retiredAt: 60 });
	});

	it('can be taken off the table by either partner', () => {
		for (const who of ['ann', 'ben']) {
			const a = step(requested(), who, { type: 'cancelRetire' });
			expect(a.retireRequestedBy).toBeNull();
			expect(statusOf(a)).toBe('active');
		}
	});

	it('refuses to retire what is not in force, twice, or act on a retired agreement', () => {
		expect(refusal(proposed(), 'ann', { type: 'requestRetire' })).toBe('not_active');
		expect(refusal(requested(), 'ben', { type: 'requestRetire' })).toBe('retire_pending');
		expect(refusal(active(), 'ben', { type: 'acceptRetire' })).toBe('no_retire_request');
		const retired = step(requested(), 'ben', { type: 'acceptRetire' });
		expect(refusal(retired, 'ann', { type: 'revise', terms: terms('New') })).toBe('retired');
		expect(awaitsAnswerFrom(retired, 'ann')).toBeNull();
	});

	it('withdraws a change still waiting when the agreement is retired', () => {
		const a = step(step(requested(), 'ben', { type: 'revise', terms: terms('Changed') }), 'ben', {
			type: 'acceptRetire'
		});
		expect(a.versions.map((v) => v.state)).toEqual(['active', 'withdrawn']);
	});
});

describe('repeating a step', () => {
	it('recognises a command that already took effect for the same person', () => {
		const a = active();
		expect(alreadyDone(a, 'ben', { type: 'accept', version: 1 })).toBe(true);
		expect(alreadyDone(a, 'ann', { type: 'accept', version: 1 })).toBe(false);
		const declined = step(proposed(), 'ben', { type: 'decline', version: 1, note: '' });
		expect(alreadyDone(declined, 'ben', { type: 'decline', version: 1, note: '' })).toBe(true);
		expect(alreadyDone(declined, 'ben', { type: 'accept', version: 1 })).toBe(false);
		const change = terms('Sunday talk', { details: 'Changed' });
		const revised = step(a, 'ann', { type: 'revise', terms: change });
		expect(alreadyDone(revised, 'ann', { type: 'revise', terms: change })).toBe(true);
		expect(alreadyDone(revised, 'ann', { type: 'revise', terms: terms('Different') })).toBe(false);
		const requested = step(a, 'ann', { type: 'requestRetire' });
		expect(alreadyDone(requested, 'ann', { type: 'requestRetire' })).toBe(true);
		expect(alreadyDone(requested, 'ben', { type: 'requestRetire' })).toBe(false);
		expect(
			alreadyDone(step(requested, 'ben', { type: 'acceptRetire' }), 'ben', { type: 'acceptRetire' })
		).toBe(true);
		expect(alreadyDone(a, 'ann', { type: 'propose', terms: terms('x') })).toBe(false);
	});
});

describe('keeping over time', () => {
	const day = (iso: string) => Date.parse(`${iso}T12:00:00Z`);

	it('finds the Monday of a week', () => {
		expect(weekOf(day('2026-11-23'))).toBe('2026-11-23'); // a Monday
		expect(weekOf(day('2026-11-29'))).toBe('2026-11-23'); // the Sunday after
		expect(weekOf(day('2026-11-22'))).toBe('2026-11-16');
	});

	it('groups logs into weeks with the share kept, oldest first', () => {
		const weeks = weeklyKeeping([
			{ outcome: 'kept', loggedAt: day('2026-11-24') },
			{ outcome: 'not_kept', loggedAt: day('2026-11-25') },
			{ outcome: 'kept', loggedAt: day('2026-11-17') },
			{ outcome: 'partly', loggedAt: day('2026-11-26') },
			{ outcome: 'kept', loggedAt: day('2026-11-27') }
		]);
		expect(weeks).toEqual([
			{ week: '2026-11-16', kept: 1, partly: 0, notKept: 0, keptShare: 1 },
			{ week: '2026-11-23', kept: 2, partly: 1, notKept: 1, keptShare: 0.5 }
		]);
		expect(weeklyKeeping([])).toEqual([]);
	});
});

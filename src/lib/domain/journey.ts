/**
 * The four-stage journey as a pure state machine. A stage advances only when both partners
 * are ready; either partner alone may go back. Stage 4 ends with sealed choices that are
 * revealed to both at the same moment, and only once both have chosen.
 */

import { MAX_PARTNERS } from './spaces';

export const REBUILDING = 5;
export const LAST_STAGE = 4;

export const choices = ['continue', 'step_back', 'more_time'] as const;
export type Choice = (typeof choices)[number];

export const choiceLabels: Record<Choice, string> = {
	continue: 'Continue',
	step_back: 'Step back',
	more_time: 'I need more time'
};

export interface Journey {
	/** 1–4, or 5 for rebuilding. */
	stage: number;
	closed: boolean;
	/** Partners who marked themselves ready to move on from this stage. */
	ready: string[];
	/** Stage-4 choices not yet revealed: sealed, each readable by its own author only. */
	sealed: Record<string, Choice>;
}

export type Command =
	| { type: 'ready' }
	| { type: 'unready' }
	| { type: 'back'; to: number }
	| { type: 'choose'; choice: Choice };

/** What happened, for the record and for telling both devices. */
export type Happening =
	| { type: 'advanced'; from: number; to: number }
	| { type: 'moved_back'; from: number; to: number }
	| { type: 'revealed'; choices: Record<string, Choice>; outcome: Outcome };

export type Outcome = 'rebuilding' | 'stepped_back' | 'more_time';

/** How a space came to the stage it is at, when that is a milestone to greet the partners for. */
export const milestoneKinds = ['reached', 'continued'] as const;
export type MilestoneKind = (typeof milestoneKinds)[number];

/**
 * What a step makes of the space's milestone: a step forward together is one (`reached`; both
 * choosing to continue is `continued`, rather than the move it makes); any other change of stage
 * (a step back) leaves none (null); a step that keeps the stage leaves it as it was (undefined).
 */
export function milestoneAfter(
	before: Journey,
	after: Journey,
	happened: readonly Happening[]
): MilestoneKind | null | undefined {
	if (happened.some((h) => h.type === 'revealed' && h.outcome === 'rebuilding')) return 'continued';
	if (happened.some((h) => h.type === 'advanced')) return 'reached';
	return after.stage === before.stage ? undefined : null;
}

export type Refusal =
	| 'closed'
	| 'not_partner'
	| 'no_readiness_here'
	| 'not_ready'
	| 'not_earlier'
	| 'not_choosing_stage'
	| 'alone';

export const refusalMessages: Record<Refusal, string> = {
	closed: 'This space is closed.',
	not_partner: 'Only the two partners move through the stages.',
	no_readiness_here: 'There is no next stage to get ready for here.',
	not_ready: 'You had not marked yourself ready.',
	not_earlier: 'You can only go back to an earlier stage.',
	not_choosing_stage: 'Choices are made in stage 4.',
	alone: 'The stages begin once your partner has joined.'
};

export type Result =
	{ ok: true; journey: Journey; happened: Happening[] } | { ok: false; refusal: Refusal };

export const start = (): Journey => ({ stage: 1, closed: false, ready: [], sealed: {} });

/** The outcome of two revealed choices: one step-back is honoured; one "more time" waits. */
export function outcomeOf(revealed: readonly Choice[]): Outcome {
	if (revealed.includes('step_back')) return 'stepped_back';
	if (revealed.includes('more_time')) return 'more_time';
	return 'rebuilding';
}

/**
 * Applies one partner's command. `partners` are the two active partners of the space; the
 * machine needs both to be there before anything moves.
 */
export function apply(
	j: Journey,
	actor: string,
	partners: readonly string[],
	command: Command
): Result {
	const refuse = (refusal: Refusal): Result => ({ ok: false, refusal });
	if (j.closed) return refuse('closed');
	if (!partners.includes(actor)) return refuse('not_partner');
	if (partners.length < MAX_PARTNERS) return refuse('alone');

	switch (command.type) {
		case 'ready': {
			if (j.stage >= LAST_STAGE) return refuse('no_readiness_here');
			const ready = [...new Set([...j.ready, actor])];
			if (!partners.every((p) => ready.includes(p)))
				return { ok: true, journey: { ...j, ready }, happened: [] };
			const to = j.stage + 1;
			return {
				ok: true,
				journey: { ...j, stage: to, ready: [], sealed: {} },
				happened: [{ type: 'advanced', from: j.stage, to }]
			};
		}
		case 'unready':
			if (!j.ready.includes(actor)) return refuse('not_ready');
			return {
				ok: true,
				journey: { ...j, ready: j.ready.filter((p) => p !== actor) },
				happened: []
			};
		case 'back': {
			if (!Number.isInteger(command.to) || command.to < 1 || command.to >= j.stage)
				return refuse('not_earlier');
			// Going back clears readiness, and no sealed choice counts any more: they belonged to
			// the later stage (the store keeps each for its author, set aside).
			return {
				ok: true,
				journey: { ...j, stage: command.to, ready: [], sealed: {} },
				happened: [{ type: 'moved_back', from: j.stage, to: command.to }]
			};
		}
		case 'choose': {
			if (j.stage !== LAST_STAGE) return refuse('not_choosing_stage');
			const sealed = { ...j.sealed, [actor]: command.choice };
			if (!partners.every((p) => p in sealed))
				return { ok: true, journey: { ...j, sealed }, happened: [] };
			const revealed = Object.fromEntries(partners.map((p) => [p, sealed[p]!]));
			const outcome = outcomeOf(Object.values(revealed));
			const next: Journey =
				outcome === 'rebuilding'
					? { ...j, stage: REBUILDING, ready: [], sealed: {} }
					: outcome === 'stepped_back'
						? { ...j, closed: true, ready: [], sealed: {} }
						: { ...j, ready: [], sealed: {} };
			return {
				ok: true,
				journey: next,
				happened: [{ type: 'revealed', choices: revealed, outcome }]
			};
		}
	}
}

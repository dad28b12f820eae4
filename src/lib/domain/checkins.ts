import { tooLong } from './numbers';
import type { Visibility } from './schedule';

/**
 * Check-in templates: the built-in weekly trust check-in, and those a counselor writes.
 * Questions are a scale from 0 to 10 with labelled ends, a single choice, or free text.
 * Each question says who sees its answers: the counselor only, or also the other partner
 * once both have answered.
 */
export const questionTypes = ['scale', 'choice', 'text'] as const;
export type QuestionType = (typeof questionTypes)[number];

export const visibilityLabels: Record<Visibility, string> = {
	counselor: 'To the counselor only',
	revealed: 'Also to the partner, once both have answered'
};

interface Base {
	id: string;
	text: string;
	visibility: Visibility;
}
export interface ScaleQuestion extends Base {
	type: 'scale';
	low: string;
	high: string;
}
export interface ChoiceQuestion extends Base {
	type: 'choice';
	options: string[];
}
export interface TextQuestion extends Base {
	type: 'text';
}
export type Question = ScaleQuestion | ChoiceQuestion | TextQuestion;

export interface Template {
	id: string;
	title: string;
	questions: Question[];
}

export const LIMITS = {
	title: 120,
	question: 300,
	label: 60,
	options: 8,
	questions: 20,
	answer: 2_000
} as const;

export const WEEKLY_TRUST_ID = 'weekly-trust';

/** The built-in check-in, in our own words. */
export const weeklyTrust: Template = {
	id: WEEKLY_TRUST_ID,
	title: 'Weekly trust check-in',
	questions: [
		{
			id: 'trust',
			type: 'scale',
			text: 'How much do I trust my partner this week?',
			low: 'Not at all',
			high: 'Completely',
			visibility: 'revealed'
		},
		{
			id: 'safe',
			type: 'scale',
			text: 'How safe did I feel this week?',
			low: 'Not safe at all',
			high: 'Completely safe',
			visibility: 'counselor'
		},
		{
			id: 'hope',
			type: 'scale',
			text: 'How hopeful am I about us?',
			low: 'Not hopeful',
			high: 'Very hopeful',
			visibility: 'revealed'
		},
		{
			id: 'kept',
			type: 'choice',
			text: 'Were our agreements kept?',
			options: ['Mostly', 'Partly', 'Not really'],
			visibility: 'revealed'
		},
		{ id: 'helped', type: 'text', text: 'What helped this week?', visibility: 'revealed' },
		{ id: 'hard', type: 'text', text: 'What was hard this week?', visibility: 'counselor' }
	]
};

export type Answer = number | string;
export type Answers = Record<string, Answer>;

/** Checks one person's answers against a template; every scale and choice question needs one. */
export function checkAnswers(
	t: Template,
	raw: Record<string, string | undefined>
): { ok: true; answers: Answers } | { ok: false; errors: Record<string, string> } {
	const answers: Answers = {};
	const errors: Record<string, string> = {};
	for (const q of t.questions) {
		const value = (raw[q.id] ?? '').trim();
		if (q.type === 'scale') {
			const n = Number(value);
			if (value === '' || !Number.isInteger(n) || n < 0 || n > 10)
				errors[q.id] = 'Please choose a number from 0 to 10.';
			else answers[q.id] = n;
		} else if (q.type === 'choice') {
			if (!q.options.includes(value)) errors[q.id] = 'Please choose one of the answers.';
			else answers[q.id] = value;
		} else if (value.length > LIMITS.answer) {
			errors[q.id] = tooLong(LIMITS.answer);
		} else if (value) {
			answers[q.id] = value;
		}
	}
	return Object.keys(errors).length ? { ok: false, errors } : { ok: true, answers };
}

/** One line per partner for a scale question: its answers in time order. */
export function trend(
	question: string,
	rows: readonly { userId: string; day: string; answers: Answers }[]
): Map<string, { day: string; value: number }[]> {
	const lines = new Map<string, { day: string; value: number }[]>();
	for (const row of [...rows].sort((a, b) => a.day.localeCompare(b.day))) {
		const value = row.answers[question];
		if (typeof value !== 'number') continue;
		lines.set(row.userId, [...(lines.get(row.userId) ?? []), { day: row.day, value }]);
	}
	return lines;
}

/**
 * A sharp drop worth a counselor's look: a scale answer at least `by` points below the same
 * person's previous answer to it.
 */
export function sharpDrops(
	t: Template,
	rows: readonly { userId: string; day: string; answers: Answers }[],
	by = 3
): { userId: string; question: string; from: number; to: number; day: string }[] {
	const found: { userId: string; question: string; from: number; to: number; day: string }[] = [];
	for (const q of t.questions) {
		if (q.type !== 'scale') continue;
		for (const [userId, line] of trend(q.id, rows)) {
			const last = line.at(-1);
			const before = line.at(-2);
			if (last && before && before.value - last.value >= by)
				found.push({ userId, question: q.id, from: before.value, to: last.value, day: last.day });
		}
	}
	return found;
}

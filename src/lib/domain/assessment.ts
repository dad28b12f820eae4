/**
 * Stage 3, "one-off or pattern?": one set of questions, the same for both partners, each
 * answered from one's own view. Answers stay sealed until both partners have submitted;
 * then they are shown side by side. The app compares, it never judges.
 */

import { MAX_PARTNERS } from './spaces';

export interface Option {
	value: string;
	label: string;
}

export interface Question {
	id: string;
	/** The question itself, worded so both partners can answer it from where they stand. */
	text: string;
	options: readonly Option[];
	/** The label of the free-text part that goes with the choice. */
	detail: string;
}

const NOT_SURE: Option = { value: 'not_sure', label: 'I am not sure' };

export const questions: readonly Question[] = [
	{
		id: 'duration',
		text: 'How long did it go on?',
		options: [
			{ value: 'once', label: 'It happened once' },
			{ value: 'weeks', label: 'A few weeks or less' },
			{ value: 'months', label: 'Some months' },
			{ value: 'year', label: 'A year or longer' },
			NOT_SURE
		],
		detail: 'What you know about how long it lasted (optional)'
	},
	{
		id: 'extent',
		text: 'How many times did it happen, and with how many people?',
		options: [
			{ value: 'once_one', label: 'Once, with one person' },
			{ value: 'several_one', label: 'Several times, with one person' },
			{ value: 'several_more', label: 'With more than one person' },
			NOT_SURE
		],
		detail: 'Anything you want to add about this (optional)'
	},
	{
		id: 'hidden',
		text: 'How was it kept hidden?',
		options: [
			{
				value: 'effort',
				label: 'It was covered up with effort (stories, second phones, deleted messages)'
			},
			{ value: 'silence', label: 'It was kept quiet, but not actively covered up' },
			{ value: 'not_hidden', label: 'It was not really hidden' },
			NOT_SURE
		],
		detail: 'How it was hidden, as you understand it (optional)'
	},
	{
		id: 'before',
		text: 'Has something like this happened before, in this relationship or an earlier one?',
		options: [
			{ value: 'no', label: 'No, as far as I know' },
			{ value: 'once_before', label: 'Once before' },
			{ value: 'more_before', label: 'More than once before' },
			NOT_SURE
		],
		detail: 'What happened before, if anything (optional)'
	},
	{
		id: 'ended',
		text: 'Has it ended?',
		options: [
			{ value: 'ended', label: 'Yes, it has ended' },
			{ value: 'ending', label: 'It is ending, but not fully' },
			{ value: 'not_ended', label: 'No, it has not ended' },
			NOT_SURE
		],
		detail: 'How is that known? (optional)'
	},
	{
		id: 'accountability',
		text: 'What accountability has been shown since it came out?',
		options: [
			{ value: 'full', label: 'Owning it fully and answering questions openly' },
			{ value: 'some', label: 'Some, but not all the way' },
			{ value: 'little', label: 'Little or none' },
			NOT_SURE
		],
		detail: 'What you have seen, or not seen (optional)'
	},
	{
		id: 'matched',
		text: 'Since then, have words and actions matched?',
		options: [
			{ value: 'mostly', label: 'Mostly' },
			{ value: 'partly', label: 'Partly' },
			{ value: 'not_really', label: 'Not really' },
			NOT_SURE
		],
		detail: 'Moments that showed it either way (optional)'
	},
	{
		id: 'belief',
		text: 'What do you believe it was?',
		options: [
			{ value: 'one_off', label: 'A one-off' },
			{ value: 'pattern', label: 'Part of a pattern' },
			NOT_SURE
		],
		detail: 'Why do you believe that? (optional)'
	}
];

export const DETAIL_LIMIT = 3_000;

export interface Answer {
	choice: string | null;
	detail: string;
}
export type Answers = Record<string, Answer>;

export const questionById = (id: string) => questions.find((q) => q.id === id) ?? null;

export function optionLabel(questionId: string, value: string | null): string {
	if (value === null) return 'No answer';
	return questionById(questionId)?.options.find((o) => o.value === value)?.label ?? 'No answer';
}

/** Answers are shown only once every partner of the space has submitted theirs. */
export function revealed(partners: readonly string[], submitted: readonly string[]): boolean {
	return partners.length === MAX_PARTNERS && partners.every((p) => submitted.includes(p));
}

export interface Comparison {
	question: Question;
	/** Each partner's answer, in the order the partners were given. */
	answers: [Answer, Answer];
	/** Whether both chose the same. Free-text parts are never compared: they are read. */
	agree: boolean;
}

export function compare(first: Answers, second: Answers): Comparison[] {
	const empty: Answer = { choice: null, detail: '' };
	return questions.map((question) => {
		const a = first[question.id] ?? empty;
		const b = second[question.id] ?? empty;
		return { question, answers: [a, b], agree: a.choice !== null && a.choice === b.choice };
	});
}

export const agreementCount = (rows: readonly Comparison[]) => rows.filter((r) => r.agree).length;

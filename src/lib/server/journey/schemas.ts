import { z } from 'zod';
import { choices } from '../../domain/journey';
import { DETAIL_LIMIT, questions, type Answers } from '../../domain/assessment';
import { optional, text } from '../forms-schemas';

export const NOTE_LIMIT = 2_000;

/** The sealed stage-4 choice, with an optional note to the other partner. */
export const choiceInput = z.object({
	choice: z.enum(choices, { error: 'Please choose one of the three.' }),
	note: text(NOTE_LIMIT),
	/** Which round of choices the form was shown for: a late or repeated post must not seal the next one. */
	round: z.coerce.number({ error: 'Please reload the page and try again.' }).int().min(1)
});

export const showActivityInput = z.object({
	shows: z.enum(['yes', 'no'], { error: 'Please try again.' })
});

/** A stage named in an address: 1 to 4, or 5 for rebuilding. */
export const stageParam = z.coerce.number().int().min(1).max(5);

const choiceOf = (q: (typeof questions)[number]) =>
	z.enum(q.options.map((o) => o.value) as [string, ...string[]], {
		error: (issue) =>
			issue.input === undefined
				? 'Please choose an answer. "I am not sure" is an answer too.'
				: 'Please choose from the answers listed.'
	});

/** One field per question ("duration") and one for its words ("duration-detail"). */
function answersSchema(required: boolean) {
	const shape: Record<string, z.ZodType> = {};
	for (const q of questions) {
		shape[q.id] = required
			? z.preprocess((v) => (v === '' ? undefined : v), choiceOf(q))
			: optional(choiceOf(q));
		shape[`${q.id}-detail`] = optional(text(DETAIL_LIMIT));
	}
	return z.object(shape).transform((fields): Answers => {
		const answers: Answers = {};
		for (const q of questions)
			answers[q.id] = {
				choice: (fields[q.id] as string | undefined) ?? null,
				detail: (fields[`${q.id}-detail`] as string | undefined) ?? ''
			};
		return answers;
	});
}

/** Submitting: every question needs a choice. */
export const answersInput = answersSchema(true);
/** A draft: whatever has been filled in so far. */
export const draftAnswersInput = answersSchema(false);

/** Answers as form values, for filling the form back in. */
export function answersToFields(answers: Answers): Record<string, string> {
	const fields: Record<string, string> = {};
	for (const [id, a] of Object.entries(answers)) {
		if (a.choice) fields[id] = a.choice;
		if (a.detail) fields[`${id}-detail`] = a.detail;
	}
	return fields;
}

import type { Question, QuestionType } from '$lib/domain/checkins';

export const typeLabels: Record<QuestionType, string> = {
	scale: 'A scale from 0 to 10',
	choice: 'One answer from a list',
	text: 'Free text'
};

/** A saved template as its form's fields: each question in the slot its id names (q1…q6). */
export function templateValues(t: { title: string; questions: Question[] }) {
	const values: Record<string, string> = { title: t.title };
	t.questions.forEach((q, i) => {
		const slot = /^q(\d+)$/.exec(q.id)?.[1] ?? String(i + 1);
		const at = (k: string) => `q${slot}-${k}`;
		values[at('text')] = q.text;
		values[at('type')] = q.type;
		values[at('visibility')] = q.visibility;
		if (q.type === 'scale') {
			values[at('low')] = q.low;
			values[at('high')] = q.high;
		}
		if (q.type === 'choice') values[at('options')] = q.options.join('\n');
	});
	return values;
}

import { describe, expect, it } from 'vitest';
import {
	agreementCount,
	compare,
	optionLabel,
	questions,
	revealed,
	type Answers
} from './assessment';

const all = (choice: (id: string) => string): Answers =>
	Object.fromEntries(questions.map((q) => [q.id, { choice: choice(q.id), detail: '' }]));

describe('the stage-3 questions', () => {
	it('cover what the stage asks about, each with "not sure" and room for words', () => {
		expect(questions.map((q) => q.id)).toEqual([
			'duration',
			'extent',
			'hidden',
			'before',
			'ended',
			'accountability',
			'matched',
			'belief'
		]);
		for (const q of questions) {
			expect(q.options.some((o) => o.value === 'not_sure')).toBe(true);
			expect(new Set(q.options.map((o) => o.value)).size).toBe(q.options.length);
			expect(q.detail.length).toBeGreaterThan(0);
		}
		expect(questions.find((q) => q.id === 'belief')!.options.map((o) => o.value)).toEqual([
			'one_off',
			'pattern',
			'not_sure'
		]);
	});

	it('names options in plain words', () => {
		expect(optionLabel('belief', 'pattern')).toBe('Part of a pattern');
		expect(optionLabel('belief', null)).toBe('No answer');
		expect(optionLabel('belief', 'made_up')).toBe('No answer');
	});
});

describe('the reveal', () => {
	const partners = ['ann', 'ben'];
	it('does not happen with one submission', () => {
		expect(revealed(partners, [])).toBe(false);
		expect(revealed(partners, ['ann'])).toBe(false);
		expect(revealed(partners, ['ben'])).toBe(false);
	});

	it('happens exactly once both are in, whatever the order', () => {
		expect(revealed(partners, ['ann', 'ben'])).toBe(true);
		expect(revealed(partners, ['ben', 'ann'])).toBe(true);
	});

	it('needs two partners: someone alone reveals nothing', () => {
		expect(revealed(['ann'], ['ann'])).toBe(false);
		// A submission from anyone but the two partners does not count.
		expect(revealed(partners, ['ann', 'cam'])).toBe(false);
	});
});

describe('side by side', () => {
	it('marks where both chose the same, and never compares free text', () => {
		const ann = all((id) => (id === 'belief' ? 'pattern' : 'not_sure'));
		const ben = all((id) => (id === 'belief' ? 'one_off' : 'not_sure'));
		ann.ended = { choice: 'ended', detail: 'She told me and showed me the messages.' };
		ben.ended = { choice: 'ended', detail: 'I ended it in March.' };
		const rows = compare(ann, ben);
		expect(rows).toHaveLength(questions.length);
		expect(rows.find((r) => r.question.id === 'belief')!.agree).toBe(false);
		expect(rows.find((r) => r.question.id === 'ended')).toMatchObject({
			agree: true,
			answers: [
				{ detail: 'She told me and showed me the messages.' },
				{ detail: 'I ended it in March.' }
			]
		});
		expect(agreementCount(rows)).toBe(questions.length - 1);
	});

	it('does not count two missing answers as agreement', () => {
		const rows = compare({}, {});
		expect(rows.every((r) => !r.agree)).toBe(true);
		expect(rows[0]!.answers).toEqual([
			{ choice: null, detail: '' },
			{ choice: null, detail: '' }
		]);
	});
});

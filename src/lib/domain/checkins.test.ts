import { describe, expect, it } from 'vitest';
import { checkAnswers, sharpDrops, trend, weeklyTrust, type Answers } from './checkins';

describe('the weekly trust check-in', () => {
	it('asks what the weekly check-in asks, with who sees each answer', () => {
		expect(weeklyTrust.questions.map((q) => [q.id, q.type, q.visibility])).toEqual([
			['trust', 'scale', 'revealed'],
			['safe', 'scale', 'counselor'],
			['hope', 'scale', 'revealed'],
			['kept', 'choice', 'revealed'],
			['helped', 'text', 'revealed'],
			['hard', 'text', 'counselor']
		]);
	});

	it('needs every scale and choice answered, and keeps free text optional and bounded', () => {
		const good = checkAnswers(weeklyTrust, {
			trust: '6',
			safe: '0',
			hope: '10',
			kept: 'Partly',
			helped: ' A walk ',
			hard: ''
		});
		expect(good).toEqual({
			ok: true,
			answers: { trust: 6, safe: 0, hope: 10, kept: 'Partly', helped: 'A walk' }
		});
		const bad = checkAnswers(weeklyTrust, {
			trust: '11',
			safe: '4.5',
			hope: '',
			kept: 'Sometimes',
			hard: 'x'.repeat(2001)
		});
		expect(bad).toEqual({
			ok: false,
			errors: {
				trust: 'Please choose a number from 0 to 10.',
				safe: 'Please choose a number from 0 to 10.',
				hope: 'Please choose a number from 0 to 10.',
				kept: 'Please choose one of the answers.',
				hard: 'Please keep this to 2,000 characters or fewer.'
			}
		});
	});
});

describe('trends', () => {
	const rows: { userId: string; day: string; answers: Answers }[] = [
		{ userId: 'ben', day: '2026-03-29', answers: { trust: 3 } },
		{ userId: 'ann', day: '2026-03-22', answers: { trust: 7, hope: 8 } },
		{ userId: 'ann', day: '2026-03-29', answers: { trust: 4, hope: 8 } },
		{ userId: 'ben', day: '2026-03-22', answers: { trust: 5 } }
	];

	it('draws one line per partner for a scale question, in time order', () => {
		expect(Object.fromEntries(trend('trust', rows))).toEqual({
			ann: [
				{ day: '2026-03-22', value: 7 },
				{ day: '2026-03-29', value: 4 }
			],
			ben: [
				{ day: '2026-03-22', value: 5 },
				{ day: '2026-03-29', value: 3 }
			]
		});
		expect(trend('hope', rows).has('ben')).toBe(false);
	});

	it("flags a drop of three points or more since the same person's last answer", () => {
		expect(sharpDrops(weeklyTrust, rows)).toEqual([
			{ userId: 'ann', question: 'trust', from: 7, to: 4, day: '2026-03-29' }
		]);
		expect(sharpDrops(weeklyTrust, rows, 2).map((d) => d.userId)).toEqual(['ann', 'ben']);
	});
});

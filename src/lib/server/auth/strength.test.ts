import { describe, expect, it } from 'vitest';
import { assess } from './strength';
import { strengthProblem, strengthText } from './strength-words';

describe('the strength estimate', () => {
	it('moves from too short, to weak, to fair or strong as a password grows', async () => {
		const levels = [];
		for (const typed of ['quiet', 'quiet harb', 'quiet harbour', 'quiet harbour morning 73'])
			levels.push((await assess(typed)).level);
		expect(levels[0]).toBe('too_short');
		expect(levels.at(-1)).toBe('strong');
	});

	it('is in our own words, one for each level', async () => {
		expect(strengthText(await assess('password1'))).toBe(
			'Strength: weak, easy to guess: it is on the lists of passwords people use most, which are tried first.'
		);
		expect(strengthText(await assess('quiet'))).toMatch(/^Strength: too short/);
		expect(strengthText(await assess('quiet harbour morning 73'))).toBe(
			'Strength: strong, hard to guess.'
		);
		expect(strengthText({ level: 'fair', reason: null })).toMatch(/^Strength: fair/);
		expect(strengthProblem({ level: 'fair', reason: null })).toBeNull();
	});
});

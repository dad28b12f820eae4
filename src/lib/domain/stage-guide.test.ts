import { describe, expect, it } from 'vitest';
import { guideFor, guides } from './stage-guide';
import { perspectives } from './spaces';

describe('stage guides', () => {
	it('exist for the four stages and rebuilding, each speaking to every perspective', () => {
		expect(guides.map((g) => g.stage)).toEqual([1, 2, 3, 4, 5]);
		for (const g of guides) {
			expect(g.purpose.length).toBeGreaterThan(80);
			expect(g.helps.length).toBeGreaterThanOrEqual(3);
			for (const p of perspectives)
				expect(g.perspective[p].length, `${g.stage} ${p}`).toBeGreaterThan(40);
			expect(new Set(perspectives.map((p) => g.perspective[p])).size).toBe(perspectives.length);
		}
		expect(guideFor(6)).toBeNull();
	});

	it('list the tools each stage promises, all inside the app', () => {
		const names = (stage: number) => guideFor(stage)!.tools.map((t) => t.name);
		expect(names(1)).toEqual([
			'Emotion check-in',
			'Journaling prompts',
			'Thought record',
			'Self-compassion exercise',
			'Breathing and grounding'
		]);
		expect(names(2)).toEqual(
			expect.arrayContaining([
				'Start a conversation',
				'"I feel / I need" statement',
				'Questions I want answered'
			])
		);
		expect(guideFor(3)!.tools[0]!.href('/spaces/s')).toBe('/spaces/s/assessment');
		for (const g of guides)
			for (const t of g.tools)
				expect(t.href('/spaces/s')).toMatch(/^\/(spaces\/s|breathe|resources)/);
	});
});

import { describe, expect, it } from 'vitest';
import { perspectives } from './spaces';
import { promptById, promptTopics, prompts, promptsFor, topicLabels } from './prompts';

const STAGES = [1, 2, 3, 4, 5] as const;

describe('prompt catalogue', () => {
	it('has unique, stable-looking ids', () => {
		const ids = prompts.map((p) => p.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const id of ids) expect(id).toMatch(/^[a-z0-9-]{3,40}$/);
	});

	it('has at least eight prompts for every stage from 1 to 5, and no others', () => {
		for (const stage of STAGES)
			expect(prompts.filter((p) => p.stage === stage).length).toBeGreaterThanOrEqual(8);
		expect(prompts.every((p) => (STAGES as readonly number[]).includes(p.stage))).toBe(true);
		expect(prompts.length).toBeGreaterThanOrEqual(40);
	});

	it('covers every topic in every stage', () => {
		for (const stage of STAGES) {
			const topics = new Set(prompts.filter((p) => p.stage === stage).map((p) => p.topic));
			expect([...topics].sort()).toEqual([...promptTopics].sort());
		}
	});

	it('labels every topic', () => {
		for (const topic of promptTopics) expect(topicLabels[topic].trim()).not.toBe('');
	});

	it('has short, non-empty titles', () => {
		for (const p of prompts) {
			expect(p.title.trim(), p.id).not.toBe('');
			expect(p.title.length, p.id).toBeLessThanOrEqual(40);
		}
	});

	it('words every prompt for every perspective, briefly and calmly', () => {
		for (const p of prompts) {
			for (const perspective of perspectives) {
				const text = p.text[perspective];
				expect(text.trim(), `${p.id}/${perspective}`).not.toBe('');
				expect(text.length, `${p.id}/${perspective}`).toBeLessThanOrEqual(400);
				// Calm tone and plain punctuation: no exclamations, no curly quotes mixed with straight ones.
				expect(text, `${p.id}/${perspective}`).not.toMatch(/[!’‘“”]/);
				expect(text, `${p.id}/${perspective}`).toBe(text.trim());
			}
		}
	});

	it('gives three genuinely different wordings for each prompt', () => {
		for (const p of prompts) {
			const { hurt, caused, mutual } = p.text;
			expect(new Set([hurt, caused, mutual]).size, p.id).toBe(3);
		}
	});

	it('keeps to American spelling', () => {
		const british =
			/\b(behaviour|honour|colour|apologis|recognis|minimis|realis|organis|favour|centre|afterwards)/i;
		for (const p of prompts)
			for (const perspective of perspectives) expect(p.text[perspective]).not.toMatch(british);
	});
});

describe('promptsFor', () => {
	it('returns the stage prompts in the wording for the given perspective', () => {
		const list = promptsFor(1, 'hurt');
		const stageOne = prompts.filter((p) => p.stage === 1);
		expect(list.map((p) => p.id)).toEqual(stageOne.map((p) => p.id));
		expect(list.map((p) => p.text)).toEqual(stageOne.map((p) => p.text.hurt));
		expect(promptsFor(3, 'caused').map((p) => p.text)).toEqual(
			prompts.filter((p) => p.stage === 3).map((p) => p.text.caused)
		);
	});

	it('uses the mutual wording when no perspective was given', () => {
		expect(promptsFor(1, null).map((p) => p.text)).toEqual(
			prompts.filter((p) => p.stage === 1).map((p) => p.text.mutual)
		);
	});

	it('carries topic and title, and nothing about other perspectives', () => {
		const first = promptsFor(2, 'mutual')[0]!;
		const source = prompts.find((p) => p.id === first.id)!;
		expect(first).toEqual({
			id: source.id,
			topic: source.topic,
			title: source.title,
			text: source.text.mutual
		});
	});

	it('clamps stages outside 1 to 5', () => {
		expect(promptsFor(0, 'hurt')).toEqual(promptsFor(1, 'hurt'));
		expect(promptsFor(-3, null)).toEqual(promptsFor(1, null));
		expect(promptsFor(9, 'caused')).toEqual(promptsFor(5, 'caused'));
		expect(promptsFor(9, 'caused').length).toBeGreaterThanOrEqual(8);
		expect(promptsFor(Number.NaN, 'hurt')).toEqual(promptsFor(1, 'hurt'));
	});
});

describe('promptById', () => {
	it('finds a known prompt in the requested wording', () => {
		const source = prompts.find((p) => p.stage === 4)!;
		expect(promptById(source.id, 'caused')).toEqual({
			id: source.id,
			stage: 4,
			topic: source.topic,
			title: source.title,
			text: source.text.caused
		});
		expect(promptById(source.id, null)?.text).toBe(source.text.mutual);
	});

	it('returns null for an unknown id', () => {
		expect(promptById('no-such-prompt', 'hurt')).toBeNull();
		expect(promptById('', null)).toBeNull();
	});
});

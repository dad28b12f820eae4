import { describe, expect, it } from 'vitest';
import { draftText, excerpt, newDraftKey, readNewDraftKey, statementText } from './notes';

describe('the "I feel / I need" statement', () => {
	it('reads as one would say it, whatever punctuation the parts were typed with', () => {
		expect(
			statementText({
				when: 'you came home late without calling.',
				feel: 'scared',
				need: 'to know you are safe!',
				request: 'send a text when plans change.'
			})
		).toBe(
			'When you came home late without calling, I feel scared because I need to know you are safe. Would you be willing to send a text when plans change?'
		);
	});

	it('leaves out the parts not written', () => {
		expect(statementText({ when: '', feel: 'lonely', need: 'time together', request: '' })).toBe(
			'I feel lonely because I need time together.'
		);
		expect(statementText({ when: ' ', feel: '', need: '', request: 'talk on Sunday' })).toBe(
			'Would you be willing to talk on Sunday?'
		);
		expect(statementText({ when: '', feel: '', need: '', request: '' })).toBe('');
	});
});

describe('excerpts of every kind', () => {
	it('give one short line, and never more than asked', () => {
		expect(
			excerpt({
				kind: 'compassion',
				hard: 'Everything   feels\nheavy',
				shared: '',
				friend: '',
				care: ''
			})
		).toBe('Everything feels heavy');
		expect(excerpt({ kind: 'question', question: 'Who else knew?', why: 'secret' })).toBe(
			'Who else knew?'
		);
		expect(
			excerpt({ kind: 'statement', when: '', feel: 'hurt', need: 'honesty', request: '' })
		).toBe('I feel hurt because I need honesty.');
		expect(excerpt({ kind: 'journal', body: 'x'.repeat(500), promptId: null }, 20)).toHaveLength(
			20
		);
	});
});

describe("a new note's draft key", () => {
	it('names the kind, a guided entry its prompt, and a second one begun elsewhere its fork, and reads back', () => {
		const cases = [
			[{ kind: 'emotion', promptId: null, fork: null }, 'new-emotion'],
			[{ kind: 'journal', promptId: 's1-family-trust', fork: null }, 'new-journal-s1-family-trust'],
			[
				{ kind: 'journal', promptId: 's1-family-trust', fork: 'abc234' },
				'new-journal-s1-family-trust~abc234'
			],
			[{ kind: 'question', promptId: null, fork: 'zz9999' }, 'new-question~zz9999']
		] as const;
		for (const [parts, key] of cases) {
			expect(newDraftKey(parts)).toBe(key);
			expect(readNewDraftKey(key)).toEqual(parts);
		}
	});

	it('shows a draft as plain text, its choices as a list and nothing for empty fields', () => {
		expect(draftText({ feelings: ['hopeful', 'tired'], note: ' a long day ', other: '' })).toBe(
			'hopeful, tired\n\na long day'
		);
	});
});

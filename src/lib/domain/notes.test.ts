import { describe, expect, it } from 'vitest';
import { excerpt, statementText } from './notes';

describe('the "I feel / I need" statement', () => {
	it('reads as one would say it, whatever punctuation the parts were typed with', () => {
		expect(
			statementText({ when: 'you came home late without calling.', feel: 'scared', need: 'to know you are safe!', request: 'send a text when plans change.' })
		).toBe('When you came home late without calling, I feel scared because I need to know you are safe. Would you be willing to send a text when plans change?');
	});

	it('leaves out the parts not written', () => {
		expect(statementText({ when: '', feel: 'lonely', need: 'time together', request: '' })).toBe('I feel lonely because I need time together.');
		expect(statementText({ when: ' ', feel: '', need: '', request: 'talk on Sunday' })).toBe('Would you be willing to talk on Sunday?');
		expect(statementText({ when: '', feel: '', need: '', request: '' })).toBe('');
	});
});

describe('excerpts of every kind', () => {
	it('give one short line, and never more than asked', () => {
		expect(excerpt({ kind: 'compassion', hard: 'Everything   feels\nheavy', shared: '', friend: '', care: '' })).toBe('Everything feels heavy');
		expect(excerpt({ kind: 'question', question: 'Who else knew?', why: 'secret' })).toBe('Who else knew?');
		expect(excerpt({ kind: 'statement', when: '', feel: 'hurt', need: 'honesty', request: '' })).toBe('I feel hurt because I need honesty.');
		expect(excerpt({ kind: 'journal', body: 'x'.repeat(500), promptId: null }, 20)).toHaveLength(20);
	});
});

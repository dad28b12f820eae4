import { describe, expect, it } from 'vitest';
import { formCommand, startInput } from './schemas';

const plan = (startsAtUtc: string) =>
	startInput.safeParse({
		clientId: 'plan-0001',
		topic: 'Our week',
		format: 'free',
		when: 'later',
		startsAtUtc
	});

describe('planning a conversation', () => {
	it('takes a time within the next year', () => {
		const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString();
		const parsed = plan(inAMonth);
		expect(parsed.success).toBe(true);
		expect(parsed.data?.scheduledFor).toBe(Date.parse(inAMonth));
	});

	it.each(['9999-12-31T10:00:00Z', new Date(Date.now() + 400 * 86_400_000).toISOString()])(
		'refuses %s, clearly',
		(at) => {
			const parsed = plan(at);
			expect(parsed.success).toBe(false);
			expect(parsed.error?.issues[0]).toMatchObject({
				path: ['startsAt'],
				message: 'Please choose a time within the next year.'
			});
		}
	);
});

describe('planning a conversation in the past', () => {
	it.each([new Date(Date.now() - 60_000).toISOString(), '2020-01-01T10:00:00Z'])(
		'refuses %s, saying why, rather than starting now',
		(at) => {
			const parsed = plan(at);
			expect(parsed.success).toBe(false);
			expect(parsed.error?.issues[0]).toMatchObject({
				path: ['startsAt'],
				message: 'That time has already passed. Please choose a later time, or start now.'
			});
		}
	);
});

describe('a command posted by a form', () => {
	const post = (text: string) =>
		formCommand.safeParse({ clientId: 'form-0001-message', type: 'message', text });

	it('counts a line break as one character, as the box does', () => {
		const text = `${'a'.repeat(499)}\r\n${'b'.repeat(500)}`;
		const parsed = post(text);
		expect(parsed.success).toBe(true);
		expect(parsed.data?.command).toEqual({ type: 'message', text: text.replace('\r\n', '\n') });
	});

	it.each([1_001, 5_000, 50_000])('refuses %i characters with a message, never cut', (n) => {
		const parsed = post('x'.repeat(n));
		expect(parsed.success).toBe(false);
		expect(parsed.error?.issues[0]?.message).toBe('Please keep this to 1,000 characters or fewer.');
	});
});

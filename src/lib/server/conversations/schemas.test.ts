import { describe, expect, it } from 'vitest';
import { startInput } from './schemas';

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

import { describe, expect, it } from 'vitest';
import { waitingKinds, waitingWords, type WaitingKind } from './waiting';

const words = (kind: WaitingKind, count: number) =>
	waitingWords({ kind, count, href: '/spaces/s' });

describe('what waits, in words', () => {
	it('says one thing in the singular and several with their number', () => {
		expect(words('shared', 1)).toBe('Something was shared with you that you have not opened yet');
		expect(words('shared', 3)).toBe('3 things were shared with you that you have not opened yet');
		expect(words('agreement', 1)).toBe('An agreement needs your answer');
		expect(words('agreement', 2)).toBe('2 agreements need your answer');
		expect(words('checkin', 1)).toBe('A check-in is waiting for you');
		expect(words('checkin', 2)).toBe('2 check-ins are waiting for you');
		expect(words('conversation_live', 1)).toBe('A conversation is going on now');
		expect(words('counselor_asking', 2)).toBe('2 counselors are asking to join');
		expect(words('partner_ready', 1)).toBe('Your partner is ready to move on, whenever you are');
	});

	it('leads a planned conversation into its time, which the page writes after the words', () => {
		expect(words('conversation_planned', 1)).toBe('A conversation is planned for');
		expect(words('conversation_planned', 2)).toBe('2 conversations are planned, the next for');
	});

	it('has words for every kind, and none carries a number in the singular', () => {
		for (const kind of waitingKinds) {
			expect(words(kind, 1)).not.toMatch(/\d/);
			expect(words(kind, 1).length).toBeGreaterThan(10);
		}
	});
});

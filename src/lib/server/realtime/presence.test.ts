import { describe, expect, it } from 'vitest';
import { newestFirst } from './presence';

/** A look whose answer the test gives when it chooses. */
function pending<T>() {
	let give!: (value: T) => void;
	const answer = new Promise<T>((resolve) => (give = resolve));
	return { look: () => answer, give };
}

describe('presence lists sent while others are being made', () => {
	it('drops an older list that comes back after a newer one was sent', async () => {
		const tell = newestFirst<string[]>();
		const sent: string[][] = [];
		const slow = pending<string[]>();
		const fast = pending<string[]>();
		const first = tell('space-1', slow.look, (who) => sent.push(who));
		const second = tell('space-1', fast.look, (who) => sent.push(who));
		fast.give(['alma', 'ben']);
		await second;
		// The first look waited for a node that never answered, and found fewer people.
		slow.give(['alma']);
		await first;
		expect(sent).toEqual([['alma', 'ben']]);
	});

	it('sends both when they come back in the order they began', async () => {
		const tell = newestFirst<string[]>();
		const sent: string[][] = [];
		const earlier = pending<string[]>();
		const later = pending<string[]>();
		const first = tell('space-1', earlier.look, (who) => sent.push(who));
		const second = tell('space-1', later.look, (who) => sent.push(who));
		earlier.give(['alma']);
		await first;
		later.give(['alma', 'ben']);
		await second;
		expect(sent).toEqual([['alma'], ['alma', 'ben']]);
	});

	it('keeps each space apart, and starts afresh once nothing is under way', async () => {
		const tell = newestFirst<string[]>();
		const sent: string[] = [];
		const slow = pending<string[]>();
		const first = tell('space-1', slow.look, () => sent.push('space-1 first'));
		await tell(
			'space-2',
			async () => [],
			() => sent.push('space-2')
		);
		slow.give([]);
		await first;
		await tell(
			'space-1',
			async () => [],
			() => sent.push('space-1 again')
		);
		expect(sent).toEqual(['space-2', 'space-1 first', 'space-1 again']);
	});

	it('goes on after a look that failed', async () => {
		const tell = newestFirst<string[]>();
		const sent: string[][] = [];
		await expect(
			tell(
				'space-1',
				() => Promise.reject(new Error('gone')),
				(who) => sent.push(who)
			)
		).rejects.toThrow('gone');
		await tell(
			'space-1',
			async () => ['ben'],
			(who) => sent.push(who)
		);
		expect(sent).toEqual([['ben']]);
	});
});

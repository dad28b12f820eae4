import { describe, expect, it } from 'vitest';
import type { ActionResult } from '@sveltejs/kit';
import { Sending } from './sending.svelte';

type Submit = Parameters<Sending['enhance']>[0];
type Answer = Parameters<Exclude<Awaited<ReturnType<Sending['enhance']>>, void>>[0];

/** What `use:enhance` does with a form: submit it, then hand over the answer and `update`. */
async function send(sending: Sending, result: ActionResult, update: Answer['update']) {
	const after = await sending.enhance({ cancel: () => {} } as Submit);
	expect(sending.busy).toBe(true);
	await after!({ result, update } as Answer);
}

describe('Sending', () => {
	it('is busy from the press until the page has the answer, and keeps what was typed only when asked', async () => {
		for (const [sending, reset] of [
			[new Sending(), true],
			[new Sending({ keep: true }), false]
		] as const) {
			expect(sending.busy).toBe(false);
			const calls: unknown[] = [];
			await send(sending, { type: 'failure', status: 400 }, async (options) => {
				expect(sending.busy).toBe(true);
				calls.push(options);
			});
			expect(calls).toEqual([{ reset }]);
			expect(sending.busy).toBe(false);
		}
	});

	it('sends nothing more while the first press is on its way', async () => {
		const sending = new Sending();
		let cancelled = 0;
		const press = { cancel: () => void cancelled++ } as Submit;
		const first = await sending.enhance(press);
		expect(cancelled).toBe(0);
		expect(await sending.enhance(press)).toBeUndefined();
		expect(cancelled).toBe(1);
		await first!({ result: { type: 'success', status: 200 }, update: async () => {} } as Answer);
		await sending.enhance(press);
		expect(cancelled).toBe(1);
	});

	it('shows the answer to `first` before the page moves on, and rests the button even if updating fails', async () => {
		const order: string[] = [];
		const sending = new Sending({ first: (result) => order.push(`first ${result.type}`) });
		const failing = send(
			sending,
			{ type: 'redirect', status: 303, location: '/goodbye' },
			async () => {
				order.push('update');
				throw new Error('navigation failed');
			}
		);
		await expect(failing).rejects.toThrow('navigation failed');
		expect(order).toEqual(['first redirect', 'update']);
		expect(sending.busy).toBe(false);
	});
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError, toClientError } from './errors';

afterEach(() => vi.restoreAllMocks());

/** What the server log received while `run` ran. */
function logged(run: () => void): string {
	let out = '';
	vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
	run();
	return out;
}

describe('an unexpected error', () => {
	it('is logged by its name, its database code and where it happened, never by its words', () => {
		// As a failed query reports itself: its message lists the values, over several lines.
		const failed = new Error(
			'Failed query: insert into notes values ($1)\nparams: my secret words',
			{
				cause: Object.assign(new Error('duplicate key value'), { code: '23505' })
			}
		);
		let answer: unknown;
		const line = logged(() => (answer = toClientError(failed, 'test')));
		expect(answer).toEqual({ code: 'internal', message: expect.any(String) });
		const entry = JSON.parse(line);
		expect(entry).toMatchObject({ level: 'error', event: 'unexpected_error', context: 'test' });
		expect(entry.error).toMatch(/^Error \(23505\) \| at /);
		expect(line).not.toContain('secret');
		expect(line).not.toContain('insert into');
	});

	it('is not what a refusal is: a refusal is answered as written, and not logged', () => {
		const line = logged(() =>
			expect(toClientError(new AppError('not_found', 'We could not find that.'))).toEqual({
				code: 'not_found',
				message: 'We could not find that.'
			})
		);
		expect(line).toBe('');
	});
});

import { describe, expect, it } from 'vitest';
import { createSpaceInput } from './schemas';

describe('a space’s name', () => {
	it('is kept in one Unicode form, and may be left empty', () => {
		expect(createSpaceInput.parse({ name: ' Cafe\u0301 ' }).name).toBe('Caf\u00e9');
		expect(createSpaceInput.parse({}).name).toBe('');
	});

	it.each(['Ours\u202e', 'Our\u200dspace', 'Our\u2067 space', 'Our\nspace', 'x'.repeat(81)])(
		'refuses %j with a message',
		(name) => {
			const result = createSpaceInput.safeParse({ name });
			expect(result.success).toBe(false);
			expect(result.error?.issues[0]?.path[0]).toBe('name');
			expect(result.error?.issues[0]?.message).toMatch(/^Please /);
		}
	);
});

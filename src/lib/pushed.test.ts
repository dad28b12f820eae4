import { describe, expect, it } from 'vitest';
import { NEUTRAL } from './domain/notifications';
import { readPushed, safePath } from './pushed';

describe('a pushed message, as the device shows it', () => {
	it('says what the server sent and opens the page it named', () => {
		const shown = readPushed(() => ({
			title: 'Trellis',
			body: 'An agreement needs your answer',
			path: '/spaces/abc/agreements/def'
		}));
		expect(shown).toEqual({
			title: 'Trellis',
			body: 'An agreement needs your answer',
			path: '/spaces/abc/agreements/def'
		});
	});

	it('uses the neutral words when it cannot read the message', () => {
		expect(
			readPushed(() => {
				throw new SyntaxError('not JSON');
			})
		).toEqual({ title: 'Trellis', body: NEUTRAL, path: '/home' });
		expect(readPushed(() => null)).toEqual({ title: 'Trellis', body: NEUTRAL, path: '/home' });
	});

	it.each([
		'//elsewhere.example/x',
		'https://elsewhere.example/',
		'/\\elsewhere.example',
		'javascript:alert(1)',
		'/home?next=//x',
		42
	])('opens only a page of this site, never %j', (path) => {
		expect(safePath(path)).toBe('/home');
	});
});

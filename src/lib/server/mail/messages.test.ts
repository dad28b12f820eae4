import { describe, expect, it } from 'vitest';
import { compose, mailKinds } from './messages';

const link = (path: string) => `https://trellis.example${path}`;

describe('messages', () => {
	it('each has a subject, a plain-text part and an HTML part with the same links', () => {
		for (const kind of mailKinds) {
			const letter = compose(kind, { token: 'abc.def' }, link);
			expect(letter.subject.length).toBeGreaterThan(10);
			expect(letter.text).toContain('Trellis');
			expect(letter.html).toMatch(/^<!doctype html>/);
			const inText = letter.text.match(/https:\/\/trellis\.example\S*/g) ?? [];
			const inHtml = [...letter.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
			expect(inText.length).toBeGreaterThan(0);
			expect(inHtml).toEqual(inText);
		}
	});

	it('escapes what goes into the HTML part', () => {
		const letter = compose('reset_password', { token: '"><script>x</script>' }, link);
		expect(letter.html).not.toContain('<script>');
		expect(letter.html).toContain('&lt;script&gt;');
	});

	it('puts the verification and reset links where their pages are', () => {
		expect(compose('verify_email', { token: 't1' }, link).text).toContain(
			'https://trellis.example/verify/t1'
		);
		expect(compose('reset_password', { token: 't2' }, link).text).toContain(
			'https://trellis.example/reset/t2'
		);
	});
});

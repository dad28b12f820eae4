import { describe, expect, it } from 'vitest';
import { requiredText, text } from './forms-schemas';

describe('free text from a form', () => {
	it('counts a line break as one character, as the box did, though the form sent two', () => {
		// 10 characters and 9 line breaks: 19 in the box, 28 as a form sends it (CR LF).
		const sent = Array.from({ length: 10 }, () => 'x').join('\r\n');
		expect(text(19).safeParse(sent)).toEqual({
			success: true,
			data: Array.from({ length: 10 }, () => 'x').join('\n')
		});
		expect(text(18).safeParse(sent).success).toBe(false);
	});

	it('takes page and line feeds pasted from a document as line breaks', () => {
		expect(text(100).parse('page one\fpage two\vend')).toBe('page one\npage two\nend');
	});

	it('still refuses other invisible control characters, with a message', () => {
		const result = text(100).safeParse('a\u0000b');
		expect(result.success).toBe(false);
		expect(result.error?.issues[0]?.message).toBe(
			'Please remove the unusual invisible characters from this text.'
		);
	});

	it('trims, refuses what is only space when required, and refuses what is not text', () => {
		expect(text(10).parse('  kept  ')).toBe('kept');
		expect(
			requiredText(10, 'Please write something.').safeParse(' \r\n ').error?.issues[0]?.message
		).toBe('Please write something.');
		expect(text(10).safeParse(42).error?.issues[0]?.message).toBe(
			'Please write this as plain text.'
		);
		expect(text(3).safeParse('four').error?.issues[0]?.message).toBe(
			'Please keep this to 3 characters or fewer.'
		);
	});
});

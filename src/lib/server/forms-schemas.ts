import { z } from 'zod';
import { tooLong as tooLongFor } from '../domain/numbers';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/u;

/**
 * A joint or irreversible step is taken only when its form says it was confirmed; a first press
 * without it is answered with the question instead (see ConfirmStep.svelte).
 */
export const confirmation = z.object({
	confirmed: z.preprocess((v) => v === 'yes', z.boolean())
});

/** Radio groups post nothing when left alone: treat "" and missing as "no answer". */
export const optional = <T extends z.ZodType>(schema: T) =>
	z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());

/**
 * Line breaks as a browser counts them: one character each, though a form sends two (CR LF).
 * Page and line feeds (pasted from a document) are line breaks too.
 */
export const lineBreaks = (s: string) => s.replace(/\r\n?|[\f\v]/g, '\n');

/** Free text as people write it: line breaks kept, invisible control characters refused. */
export const text = (max: number, tooLong = tooLongFor(max)) =>
	z.preprocess(
		(v) => (typeof v === 'string' ? lineBreaks(v) : v),
		z
			.string({ error: 'Please write this as plain text.' })
			.max(max, tooLong)
			.transform((s) => s.trim())
			.refine(
				(s) => !CONTROL.test(s),
				'Please remove the unusual invisible characters from this text.'
			)
	);

const NOT_IN_A_NAME =
	// eslint-disable-next-line no-control-regex
	/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u180e]/u;

/**
 * A name shown to other people (a display name, a space's name): in one Unicode form, and with
 * no control, invisible or direction-changing characters, which could make it pass for
 * something else ("… would like to join as your counselor").
 */
export const shownName = (max: number, empty: string | null, tooLong: string) => {
	const name = z
		.string({ error: empty ?? 'Please write this as plain text.' })
		.transform((s) => s.normalize('NFC').trim())
		.pipe(z.string().max(max, tooLong))
		.refine(
			(s) => !NOT_IN_A_NAME.test(s),
			'Please use ordinary letters, numbers and punctuation, without invisible or direction-changing characters.'
		);
	return empty === null ? name : name.refine((s) => s.length > 0, empty);
};

export const requiredText = (max: number, empty: string) =>
	text(max).refine((s) => s.length > 0, empty);

/** A whole number from a form field, within bounds. */
export const wholeNumber = (min: number, max: number, message: string) =>
	z.preprocess(
		(v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
		z.number({ error: message }).int(message).min(min, message).max(max, message)
	);

/** A group of checkboxes: none, one or several values, always read as a list. */
export const many = <T extends z.ZodType>(item: T) =>
	z.preprocess(
		(v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
		z.array(item)
	);

/** Ids made by us (random, 24 characters); anything else cannot name a thing. */
export const id = z.string().regex(/^[a-z0-9]{1,64}$/, 'That link is not valid.');

/** A random id chosen by a form when it was shown, so sending it twice does one thing. */
export { clientId } from '../domain/client-id';

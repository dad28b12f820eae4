import { lineBreaks } from './forms-schemas';

/**
 * The fields our forms fill in themselves (hidden inputs: ids, versions, times). They are not
 * what a person wrote, so they are never shown back. A test keeps this list in step with the
 * hidden inputs in the pages.
 */
export const FORM_OWN_FIELDS: ReadonlySet<string> = new Set([
	'clientId',
	'version',
	'draftKey',
	'counselorId',
	'scheduleId',
	'role',
	'noteId',
	'itemId',
	'type',
	'to',
	'timeZone',
	'startsAtUtc',
	'shows',
	'sessionId',
	'seen',
	'section',
	'round',
	'promptId',
	'paused',
	'item',
	'erase',
	'basedOn'
]);

const SECRET_FIELD = /password/i;
/** More than any form of ours holds; what is beyond it was not typed by a person. */
const MAX_FIELDS = 400;
const MAX_LENGTH = 200_000;

/**
 * What a person wrote in a form, as one text to copy: each typed field in the order it was
 * sent, blank lines between. Typed means prose (it has a space or a line break in it): a single
 * word is a choice made from a list, which is quickly made again. Nothing is kept anywhere.
 */
export async function keptWords(request: Request): Promise<string> {
	let form: FormData;
	try {
		form = await request.formData();
	} catch {
		return '';
	}
	const parts: string[] = [];
	let fields = 0;
	for (const [key, value] of form) {
		if (++fields > MAX_FIELDS) break;
		if (typeof value !== 'string' || FORM_OWN_FIELDS.has(key) || SECRET_FIELD.test(key)) continue;
		const text = lineBreaks(value).trim();
		if (/\s/.test(text)) parts.push(text);
	}
	return parts.join('\n\n').slice(0, MAX_LENGTH);
}

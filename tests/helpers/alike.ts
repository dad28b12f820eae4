import { withoutRequestMarks } from './http';
import type { Person } from './spaces';

/**
 * A page (or event) from one of two spaces set up alike, with what differs between any two such
 * spaces taken out: ids (the space's, its people's, and any others named), emails, moments, and
 * the fresh ids a form carries so that a re-sent form lands once. What is left must be the same
 * in both.
 */
export function alike(
	body: string,
	spaceId: string,
	people: Person[],
	otherIds: string[] = []
): string {
	let out = withoutRequestMarks(body).replaceAll(spaceId, 'SPACE');
	for (const [i, p] of people.entries())
		out = out.replaceAll(p.id, `PERSON${i}`).replaceAll(p.email, `EMAIL${i}`);
	for (const [i, id] of otherIds.entries()) out = out.replaceAll(id, `ID${i}`);
	return (
		out
			// A page's inline data quotes a key only when it is not a plain name: an id that happens
			// to begin with a digit is quoted, so the quotes say nothing.
			.replace(/"(PERSON\d+|ID\d+|SPACE)":/g, '$1:')
			.replace(/(name="(?:clientId|formId)"[^>]*value=")[^"]*"/g, '$1"')
			.replace(/"(clientId|formId)":"[^"]*"/g, '"$1":""')
			.replace(/"[fs]-[a-z0-9]{24}"/g, '"FORM"')
			.replace(/<time datetime="[^"]*">[^<]*<\/time>/g, '<time>')
			.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g, 'ISO')
			.replace(/\b1\d{12}\b/g, 'MS')
			.replace(/[A-Z][a-z]{2} \d{1,2}, \d{4}(, \d{1,2}:\d{2}\s[AP]M)?/g, 'DATE')
	);
}

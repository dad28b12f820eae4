import * as z from 'zod/mini';
import { LIMITS, MAX_PAUSE_MINUTES, MIN_PAUSE_MINUTES } from './conversation';
import { tooLong } from './numbers';

/**
 * The commands a device may send, as one schema shared by the socket contract and the
 * forms (which post the same fields). Text is trimmed; sizes are capped here first. Written
 * with zod's small functional build, and made when first asked for rather than when the page
 * loads: the live conversation's page checks each command with it before sending, and a phone
 * opening that page should not spend its first moments building a schema nobody has used yet.
 */
function build() {
	const line = z.string().check(z.maxLength(LIMITS.text, tooLong(LIMITS.text)));

	const minutes = z.coerce.number().check(
		z.refine(
			(n) => Number.isInteger(n),
			`Please give a whole number of minutes, at least ${MIN_PAUSE_MINUTES}.`
		),
		z.minimum(MIN_PAUSE_MINUTES, `A time-out lasts at least ${MIN_PAUSE_MINUTES} minutes.`),
		z.maximum(MAX_PAUSE_MINUTES, 'A time-out lasts a day at most.')
	);

	return z.discriminatedUnion('type', [
		z.strictObject({ type: z.literal('begin') }),
		z.strictObject({ type: z.literal('message'), text: line }),
		z.strictObject({ type: z.literal('reflect'), text: line }),
		z.strictObject({
			type: z.literal('confirm'),
			verdict: z.enum(['right', 'not_quite']),
			clarification: z._default(line, '')
		}),
		z.strictObject({ type: z.literal('pass') }),
		z.strictObject({ type: z.literal('request') }),
		z.strictObject({ type: z.literal('accept') }),
		z.strictObject({
			type: z.literal('give'),
			to: z.string().check(z.minLength(1), z.maxLength(64))
		}),
		z.strictObject({ type: z.literal('timeout'), minutes }),
		z.strictObject({ type: z.literal('resume') }),
		z.strictObject({ type: z.literal('note'), text: line }),
		z.strictObject({ type: z.literal('end') }),
		z.strictObject({
			type: z.literal('summary'),
			section: z.enum(['heard', 'try']),
			text: line
		})
	]);
}

let made: ReturnType<typeof build> | undefined;

/** The schema of a command (see build), made once. */
export const commandSchema = (): ReturnType<typeof build> => (made ??= build());

export type CommandInput = z.output<ReturnType<typeof build>>;

/**
 * A command from a form's fields, which carry the same names as the socket's command: what a
 * page sends over the live connection and what the server reads from a form posted without
 * scripts. Line breaks count as the box counts them (a posted form sends two characters for
 * each); the form's own fields (its id, its answer to "Are you sure?") are not part of it.
 */
export function commandFrom(fields: Record<string, string>) {
	const command: Record<string, string> = {};
	for (const [name, value] of Object.entries(fields))
		if (name !== 'clientId' && name !== 'confirmed')
			command[name] = value.replace(/\r\n?|[\f\v]/g, '\n');
	return commandSchema().safeParse(command);
}

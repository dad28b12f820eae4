import * as z from 'zod/mini';
import { LIMITS, MAX_PAUSE_MINUTES, MIN_PAUSE_MINUTES } from './conversation';

/**
 * The commands a device may send, as one schema shared by the socket contract and the
 * forms (which post the same fields). Text is trimmed; sizes are capped here first. Written
 * with zod's small functional build: the live conversation's page checks each command with it
 * before sending, and this keeps that page light.
 */
const line = z
	.string()
	.check(
		z.maxLength(
			LIMITS.text,
			`Please keep this to ${LIMITS.text.toLocaleString('en')} characters or fewer.`
		)
	);

const minutes = z.coerce.number().check(
	z.refine(
		(n) => Number.isInteger(n),
		`Please give a whole number of minutes, at least ${MIN_PAUSE_MINUTES}.`
	),
	z.minimum(MIN_PAUSE_MINUTES, `A time-out lasts at least ${MIN_PAUSE_MINUTES} minutes.`),
	z.maximum(MAX_PAUSE_MINUTES, 'A time-out lasts a day at most.')
);

export const commandSchema = z.discriminatedUnion('type', [
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

export type CommandInput = z.output<typeof commandSchema>;

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
	return commandSchema.safeParse(command);
}

/** A device's own id for one command: random, so re-sending it lands once. */
export const commandId = z
	.string()
	.check(z.regex(/^[a-z0-9-]{8,64}$/, 'Please reload the page and try again.'));

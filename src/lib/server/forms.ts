import { fail, isRedirect, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { AppError, toClientError } from './errors';
import { httpStatus, type ErrorCode } from '../errors';
import { lineBreaks } from './forms-schemas';

export type FieldErrors = Record<string, string>;

export interface FormProblem {
	message: string;
	/** What kind of refusal, when a service refused (a form that did not pass its schema has none). */
	code?: ErrorCode;
	fieldErrors: FieldErrors;
	/** What the person typed, echoed back so nothing is lost (never passwords or codes). */
	values: Record<string, string>;
}

/** Passwords and second-step codes are never sent back into a page, where others could read them. */
const SECRET_FIELD = /password|otp|recovery/i;
/** No form of ours has more than a few dozen fields; this leaves room and stops floods. */
const MAX_FIELDS = 400;

function echo(form: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [key, value] of form) {
		// Whole, as it was typed (the size of a request is capped already); only line breaks as the box has them.
		if (typeof value === 'string' && !SECRET_FIELD.test(key)) values[key] = lineBreaks(value);
	}
	return values;
}

/** Parses a posted form with a schema; refusals carry a plain message per field. */
export async function parseForm<S extends z.ZodType>(
	request: Request,
	schema: S
): Promise<
	| { ok: true; data: z.output<S>; form: FormData }
	| { ok: false; failure: ActionFailure<FormProblem> }
> {
	let form: FormData;
	try {
		form = await request.formData();
	} catch (error) {
		const tooLarge =
			typeof error === 'object' && error !== null && 'status' in error && error.status === 413;
		const message = tooLarge
			? 'That was more than we can take in one go. Please shorten it and try again.'
			: 'We could not read that form. Please try again.';
		return {
			ok: false,
			failure: fail(tooLarge ? 413 : 400, { message, fieldErrors: {}, values: {} })
		};
	}
	// A name sent more than once (a group of checkboxes) becomes a list of values. Forms here
	// are small: an unreasonable number of fields or repeats is refused, not worked through.
	const raw: Record<string, string | string[]> = {};
	let fields = 0;
	for (const [key, value] of form) {
		if (typeof value !== 'string') continue;
		if (++fields > MAX_FIELDS)
			return {
				ok: false,
				failure: fail(400, {
					message:
						'That form had far more in it than expected. Please reload the page and try again.',
					fieldErrors: {},
					values: {}
				})
			};
		const seen = raw[key];
		if (seen === undefined) raw[key] = value;
		else if (Array.isArray(seen)) seen.push(value);
		else raw[key] = [seen, value];
	}
	const parsed = schema.safeParse(raw);
	if (parsed.success) return { ok: true, data: parsed.data, form };
	const fieldErrors: FieldErrors = {};
	for (const issue of parsed.error.issues) {
		const field = String(issue.path[0] ?? 'form');
		fieldErrors[field] ??= issue.message;
	}
	return {
		ok: false,
		failure: fail(400, {
			message:
				Object.keys(fieldErrors).length === 1
					? 'Please check the highlighted field.'
					: 'Please check the highlighted fields.',
			fieldErrors,
			values: echo(form)
		})
	};
}

/**
 * Turns a refusal from a service into a form failure; unexpected errors become a calm
 * generic message. A refusal about one field is shown at that field.
 */
export function failure(error: unknown, form?: FormData): ActionFailure<FormProblem> {
	const { code, message } = toClientError(error, 'form');
	const status = error instanceof AppError ? httpStatus[code] : 500;
	const field = error instanceof AppError ? error.field : undefined;
	return fail(status, {
		code,
		message: field ? 'Please check the highlighted field.' : message,
		fieldErrors: field ? { [field]: message } : {},
		values: form ? echo(form) : {}
	});
}

/**
 * Every form action: who is asking first, then the input, then the service (which asks
 * the policy). A refusal comes back as a form failure with what was typed; a redirect passes.
 */
export async function act<S extends z.ZodType, R>(
	event: RequestEvent,
	schema: S,
	run: (userId: string, input: z.output<S>) => R | Promise<R>
): Promise<R | ActionFailure<FormProblem>> {
	const user = event.locals.user;
	if (!user) return failure(new AppError('unauthenticated'));
	const parsed = await parseForm(event.request, schema);
	if (!parsed.ok) return parsed.failure;
	try {
		// Awaited here, so a refusal from an async service is caught like any other.
		return await run(user.id, parsed.data);
	} catch (error) {
		if (isRedirect(error)) throw error;
		return failure(error, parsed.form);
	}
}

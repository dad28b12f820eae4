/** The one error vocabulary shared by form actions, endpoints and socket acknowledgements. */
export const errorCodes = [
	'invalid',
	'unauthenticated',
	'forbidden',
	'not_found',
	'conflict',
	'rate_limited',
	'too_large',
	'unavailable',
	'internal'
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const httpStatus: Record<ErrorCode, number> = {
	invalid: 400,
	unauthenticated: 401,
	forbidden: 403,
	not_found: 404,
	conflict: 409,
	too_large: 413,
	rate_limited: 429,
	internal: 500,
	unavailable: 503
};

export const defaultMessage: Record<ErrorCode, string> = {
	invalid: 'Something in that was not quite right. Please check it and try again.',
	unauthenticated: 'Please log in to continue.',
	forbidden: 'That is not something you can do here.',
	not_found: 'We could not find that.',
	conflict: 'That changed in the meantime. Please look again and retry.',
	too_large: 'That is longer than we can take in one go. Please shorten it.',
	rate_limited: 'That was a lot of attempts in a short time. Please wait a moment and try again.',
	unavailable: 'Trellis is briefly unavailable. What you wrote is safe; please try again shortly.',
	internal: 'Something went wrong on our side. Nothing you saved has been lost; please try again.'
};

export interface ClientError {
	code: ErrorCode;
	message: string;
}

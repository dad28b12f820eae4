import { defaultMessage, type ClientError, type ErrorCode } from '../errors';
import { log } from './log';

/** An expected refusal: its message is written for the person and safe to show. */
export class AppError extends Error {
	readonly code: ErrorCode;
	/** The form field the refusal is about, when there is one. */
	readonly field: string | undefined;
	constructor(code: ErrorCode, message: string = defaultMessage[code], field?: string) {
		super(message);
		this.code = code;
		this.field = field;
	}
}

export const refuse = (code: ErrorCode, message?: string, field?: string) =>
	new AppError(code, message, field);

/** What a client may learn about any error: AppErrors as written, anything else as "internal". */
export function toClientError(error: unknown, context = 'request'): ClientError {
	if (error instanceof AppError) return { code: error.code, message: error.message };
	const id = crypto.randomUUID();
	log.error('unexpected_error', { context, errorId: id, error: describe(error) });
	return { code: 'internal', message: defaultMessage.internal };
}

/** Error name and stack for the server log; never message text that could carry user content. */
function describe(error: unknown): string {
	if (error instanceof Error)
		return `${error.name}: ${(error.stack ?? '').split('\n').slice(1, 6).join(' | ')}`;
	return typeof error;
}

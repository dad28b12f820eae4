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

/**
 * Error name, the database's error code if there is one (SQLSTATE on PostgreSQL, SQLITE_… on
 * SQLite), and the stack's frames for the server log; never message text, which can carry user
 * content (a failed query's message lists its values, over several lines).
 */
function describe(error: unknown): string {
	if (!(error instanceof Error)) return typeof error;
	const frames = (error.stack ?? '')
		.split('\n')
		.filter((line) => /^\s+at /.test(line))
		.slice(0, 5)
		.map((line) => line.trim());
	const code = databaseCode(error);
	return [`${error.name}${code ? ` (${code})` : ''}`, ...frames].join(' | ');
}

function databaseCode(error: unknown): string | undefined {
	for (let e = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
		const code = (e as { code?: unknown }).code;
		if (typeof code === 'string' && /^([0-9A-Z]{5}|SQLITE_\w+)$/.test(code)) return code;
	}
	return undefined;
}

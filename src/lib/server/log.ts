/**
 * Structured, single-line logs. Each entry is one JSON object, so user input can never
 * start a forged line. Never pass note contents, tokens or passwords here.
 */
type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level | 'silent', number> = {
	debug: 10,
	info: 20,
	warn: 30,
	error: 40,
	silent: 99
};

function threshold(): number {
	const wanted = (process.env.LOG_LEVEL ?? 'info') as Level | 'silent';
	return order[wanted] ?? order.info;
}

export function formatLine(
	level: Level,
	event: string,
	fields: Record<string, unknown> = {}
): string {
	return JSON.stringify({ at: new Date().toISOString(), level, event, ...fields });
}

function write(level: Level, event: string, fields?: Record<string, unknown>) {
	if (order[level] < threshold()) return;
	const line = formatLine(level, event, fields) + '\n';
	(level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line);
}

export const log = {
	debug: (event: string, fields?: Record<string, unknown>) => write('debug', event, fields),
	info: (event: string, fields?: Record<string, unknown>) => write('info', event, fields),
	warn: (event: string, fields?: Record<string, unknown>) => write('warn', event, fields),
	error: (event: string, fields?: Record<string, unknown>) => write('error', event, fields)
};

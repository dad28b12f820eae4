import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { TEMPLATE } from '../setup/postgres-global';

/** The engine this run of the suites uses: PostgreSQL in its project, SQLite otherwise. */
export function testEngine(): 'postgres' | 'sqlite' {
	return inject('postgresAdmin') ? 'postgres' : 'sqlite';
}

/** A new database in the test cluster, migrated and empty; its URL. */
export async function freshPostgresDatabase(): Promise<string> {
	const admin = inject('postgresAdmin');
	if (!admin) throw new Error('No PostgreSQL in this run of the suites');
	const name = `t_${randomBytes(6).toString('hex')}`;
	const client = new pg.Client({ connectionString: admin });
	await client.connect();
	try {
		await client.query(`create database ${name} template ${TEMPLATE}`);
	} finally {
		await client.end();
	}
	const url = new URL(admin);
	url.pathname = `/${name}`;
	return url.href;
}

/** A value written into SQL as a literal, for `psqlRows`. */
function literal(value: unknown): string {
	if (value === null || value === undefined) return 'null';
	if (typeof value === 'number' || typeof value === 'bigint') return String(value);
	if (typeof value === 'boolean') return value ? 'true' : 'false';
	if (Buffer.isBuffer(value)) return `'\\x${value.toString('hex')}'::bytea`;
	if (value instanceof Date) return `'${value.toISOString()}'::timestamptz`;
	return `'${String(value).replaceAll("'", "''")}'`;
}

const psql = 'psql';

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$/;

/**
 * A row from PostgreSQL's JSON as the same row reads from SQLite: times as milliseconds, flags
 * as 1 or 0, bytes as a Buffer, JSON columns as their text; so a test reads the app's database the same way on
 * either engine.
 */
function asSqliteRow(row: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(row)) {
		if (typeof value === 'string' && ISO_TIME.test(value)) out[key] = Date.parse(value);
		else if (typeof value === 'string' && /^\\x([0-9a-f]{2})*$/.test(value))
			out[key] = Buffer.from(value.slice(2), 'hex');
		else if (typeof value === 'boolean') out[key] = value ? 1 : 0;
		else if (value !== null && typeof value === 'object') out[key] = JSON.stringify(value);
		else out[key] = value;
	}
	return out;
}

/**
 * Runs a query (with `?` for each value) on a PostgreSQL database and returns its rows, at once:
 * through `psql`, so that a test's synchronous look-ups read either engine.
 */
export function psqlRows<T>(url: string, sql: string, params: unknown[]): T[] {
	const text = withValues(sql, params);
	const out = execFileSync(
		psql,
		[
			url,
			'-X',
			'-A',
			'-t',
			'-q',
			'-v',
			'ON_ERROR_STOP=1',
			'-c',
			`select coalesce(json_agg(t), '[]') from (${text}) t`
		],
		{ encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }
	);
	return (JSON.parse(out) as Record<string, unknown>[]).map(asSqliteRow) as T[];
}

/** Runs a statement that returns nothing (with `?` for each value) on a PostgreSQL database. */
export function psqlRun(url: string, sql: string, params: unknown[]): void {
	execFileSync(psql, [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', withValues(sql, params)], {
		stdio: ['ignore', 'ignore', 'pipe']
	});
}

function withValues(sql: string, params: unknown[]): string {
	let i = 0;
	const text = sql.replace(/\?/g, () => literal(params[i++]));
	if (i !== params.length) throw new Error(`${params.length} values for ${i} placeholders`);
	return text;
}

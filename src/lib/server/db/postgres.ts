import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import * as schema from './schema-pg';
import { pgMigrationsFolder } from './paths';

export type PgDb = NodePgDatabase<typeof schema> & { $client: pg.Pool };

/** Any number for the advisory lock the migrations run under; the same in every process. */
const MIGRATION_LOCK = 7_412_026;

/**
 * SQLSTATEs after which a serializable transaction is simply run again: a serialization failure,
 * a deadlock, and a unique key taken by a transaction that ran at the same time (PostgreSQL
 * reports that as a duplicate rather than as a serialization failure; run again, the body sees
 * the row and answers as it does for any repeat, and a real duplicate is refused again).
 */
const RETRYABLE = new Set(['40001', '40P01', '23505']);

/** The transaction whose body is running, in the body's asynchronous context. */
const bodies = new AsyncLocalStorage<{ open: boolean }>();

/** Runs a transaction's body so that the pool can tell its statements from everyone else's. */
async function asBody<T>(body: () => Promise<T>): Promise<T> {
	const token = { open: true };
	try {
		return await bodies.run(token, body);
	} finally {
		token.open = false;
	}
}

/**
 * A pool that refuses a statement sent on the outer handle from inside a transaction's body: it
 * would run outside the transaction, on a second connection, and could wait for ever for a row
 * the transaction holds (or for a connection, when every one is held by such a body). SQLite's
 * engine refuses the same (see sqlite.ts). A transaction's own statements go through the client
 * it holds, not through here.
 */
class GuardedPool extends pg.Pool {
	constructor(config: pg.PoolConfig) {
		super(config);
		const query = this.query.bind(this) as (...args: unknown[]) => unknown;
		this.query = ((...args: unknown[]) => {
			if (bodies.getStore()?.open)
				return Promise.reject(
					new Error('A transaction body used the outer database handle; use the one it was given')
				);
			return query(...args);
		}) as typeof this.query;
	}
}

/** The most statements given a name, and the most texts remembered as seen once. */
const MOST_NAMED = 500;
const MOST_SEEN = 2_000;

/**
 * Names for the statements the app runs again and again (the same SQL text with other values),
 * so that PostgreSQL parses and plans each once per connection rather than on every run: a
 * text gets a name the second time it is seen, and keeps it for the life of the process. One-off
 * texts (migrations, a list of a rare length) stay unnamed, and so does a statement without
 * values: only a single statement may be named, and a text without values may hold several.
 */
export class StatementNames {
	private readonly named = new Map<string, string>();
	private seen = new Set<string>();

	nameFor(text: string): string | undefined {
		const name = this.named.get(text);
		if (name !== undefined || this.named.size >= MOST_NAMED) return name;
		if (!this.seen.has(text)) {
			if (this.seen.size >= MOST_SEEN) this.seen = new Set();
			this.seen.add(text);
			return undefined;
		}
		const given = `s${this.named.size + 1}`;
		this.named.set(text, given);
		this.seen.delete(text);
		return given;
	}
}

const names = new StatementNames();

/**
 * A connection that runs repeated statements as named (prepared) ones (see `StatementNames`).
 * A statement already named by the app (`kept`) keeps its own name.
 */
class PreparingClient extends pg.Client {
	constructor(config?: string | pg.ClientConfig) {
		super(config);
		const query = this.query.bind(this) as (...args: unknown[]) => unknown;
		this.query = ((...args: unknown[]) => {
			const [config, values] = args;
			if (
				config &&
				typeof config === 'object' &&
				typeof (config as pg.QueryConfig).text === 'string' &&
				(config as pg.QueryConfig).name === undefined &&
				Array.isArray(values) &&
				values.length > 0
			) {
				const name = names.nameFor((config as pg.QueryConfig).text);
				if (name !== undefined) args[0] = { ...config, name };
			}
			return query(...args);
		}) as typeof this.query;
	}
}

/**
 * How long an idle connection is kept open. Opening one costs PostgreSQL a process of its own,
 * and the statements it has prepared go with it, so a pool that is used every few seconds keeps
 * its connections rather than open them again each time (node-postgres closes one after 10 s).
 */
const IDLE_CONNECTION_MS = 5 * 60_000;

/**
 * How long a statement waits for a connection (to open one, or for one of the pool's to come
 * free) before it fails. Without it, a server that cannot be reached (a dropped link, say) would
 * hold a request for as long as the network takes to give up, minutes rather than seconds.
 */
const CONNECT_TIMEOUT_MS = 10_000;

export function openPostgres(
	url: string,
	max = Number(process.env.DATABASE_POOL ?? 10),
	connectTimeoutMs = CONNECT_TIMEOUT_MS
): PgDb {
	const pool = new GuardedPool({
		connectionString: url,
		max,
		Client: PreparingClient,
		idleTimeoutMillis: IDLE_CONNECTION_MS,
		connectionTimeoutMillis: connectTimeoutMs
	});
	// An idle client losing its server (a restart) is reported here; the pool drops it and
	// connects again on next use, so it is not a reason to stop the process.
	pool.on('error', () => {});
	// One that is handed out (in a transaction, or holding a message while it is sent) reports
	// the loss on itself, and the pool stops listening while it is out. The statements on it fail,
	// its user is told so, and the pool drops it when it comes back; unheard, the report would
	// stop the process.
	pool.on('connect', (client) => client.on('error', () => {}));
	return drizzle(pool, { schema }) as PgDb;
}

/**
 * Runs the migrations that have not run yet, once, however many processes start together: each
 * takes an advisory lock first, and the ones that waited find nothing left to do.
 */
export async function migratePostgres(db: PgDb): Promise<void> {
	const client = await db.$client.connect();
	try {
		await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
		try {
			await migrate(drizzle(client, { schema }), { migrationsFolder: pgMigrationsFolder() });
		} finally {
			await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
		}
	} finally {
		client.release();
	}
}

/** Each pooled connection's own handle, made once for it (see `onOneConnection`). */
const handles = new WeakMap<pg.PoolClient, PgDb>();

/**
 * Runs `body` as a transaction (`asBody`) on one of the pool's connections, through a handle made once for
 * that connection rather than once per transaction: a statement `kept` for it is built once per
 * connection (see connection.ts), and runs on that connection, in whatever transaction the
 * connection is in. A transaction's handle is only ever given to its body, so such a statement
 * only runs while its connection is in a transaction of this process.
 */
export async function onOneConnection<T>(
	db: PgDb,
	body: (tx: PgDb) => Promise<T>,
	config: { isolationLevel: 'serializable' | 'read committed' }
): Promise<T> {
	const client = await db.$client.connect();
	try {
		let handle = handles.get(client);
		if (!handle) handles.set(client, (handle = drizzle(client, { schema }) as unknown as PgDb));
		return await handle.transaction((tx) => asBody(() => body(tx as unknown as PgDb)), config);
	} finally {
		// A connection that broke on the way is dropped by the pool rather than used again.
		client.release();
	}
}

/**
 * SERIALIZABLE: PostgreSQL refuses a transaction whose outcome could differ from running the
 * transactions one after another, which is what SQLite's single writer gives for free (the
 * sealed reveal, the second partner joining, sequence numbers). A refused transaction did
 * nothing and runs again, from the start, up to `attempts` times.
 */
export async function serializable<T>(
	db: PgDb,
	body: (tx: PgDb) => Promise<T>,
	{
		attempts = 12,
		isolation = 'serializable'
	}: { attempts?: number; isolation?: 'serializable' | 'read committed' } = {}
): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await onOneConnection(db, body, { isolationLevel: isolation });
		} catch (error) {
			if (attempt >= attempts || !retryable(error)) throw error;
			// A short, growing, uneven pause, so that two that collided do not collide again.
			await new Promise((go) => setTimeout(go, Math.random() * 2 ** Math.min(attempt, 7)));
		}
	}
}

export function retryable(error: unknown): boolean {
	for (let e = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
		const code = (e as { code?: unknown }).code;
		if (typeof code === 'string' && RETRYABLE.has(code)) return true;
	}
	return false;
}

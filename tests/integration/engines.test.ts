import { createAdapter } from '@socket.io/redis-streams-adapter';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { once } from 'node:events';
import pg from 'pg';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connected, nextEvent, openSocket } from '../helpers/sockets';
import { startPostgres, type Postgres } from '../setup/postgres';
import { startRedis, type Redis } from '../setup/redis';

let postgres: Postgres;
let redis: Redis;

beforeAll(async () => {
	[postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
});
afterAll(async () => {
	await Promise.all([postgres?.stop(), redis?.stop()]);
});

async function pgClient() {
	const client = new pg.Client({ connectionString: postgres.url });
	await client.connect();
	return client;
}

async function redisClient() {
	const client = createClient({ url: redis.url });
	client.on('error', () => {}); // reconnecting is expected while the server restarts
	await client.connect();
	return client;
}

/** True when nothing listens on the loopback port any more. */
function closed(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1', () => (socket.destroy(), resolve(false)));
		socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
	});
}

describe('PostgreSQL for tests', () => {
	it('stores and reads rows in the app database', async () => {
		const client = await pgClient();
		try {
			await client.query('create table notes (id serial primary key, body text not null)');
			await client.query('insert into notes (body) values ($1), ($2)', ['first', 'second']);
			const { rows } = await client.query('select body from notes order by id');
			expect(rows).toEqual([{ body: 'first' }, { body: 'second' }]);
			const settings = await client.query(
				"select name, setting from pg_settings where name in ('fsync', 'synchronous_commit') order by name"
			);
			expect(settings.rows).toEqual([
				{ name: 'fsync', setting: 'on' },
				{ name: 'synchronous_commit', setting: 'on' }
			]);
		} finally {
			await client.end();
		}
	});

	it('lets only one session hold an advisory lock', async () => {
		const [a, b] = await Promise.all([pgClient(), pgClient()]);
		const tryLock = async (client: pg.Client) =>
			(await client.query('select pg_try_advisory_lock(42) as locked')).rows[0].locked;
		try {
			expect(await tryLock(a)).toBe(true);
			expect(await tryLock(b)).toBe(false);
			await a.query('select pg_advisory_unlock(42)');
			expect(await tryLock(b)).toBe(true);
		} finally {
			await Promise.all([a.end(), b.end()]);
		}
	});
});

describe('Redis for tests', () => {
	it('answers PING and keeps a stream', async () => {
		const client = await redisClient();
		try {
			expect(await client.ping()).toBe('PONG');
			const id = await client.xAdd('events', '*', { kind: 'hello' });
			const read = await client.xRead({ key: 'events', id: '0' });
			expect(read).toEqual([{ name: 'events', messages: [{ id, message: { kind: 'hello' } }] }]);
		} finally {
			client.destroy();
		}
	});

	it('carries a broadcast between two socket.io servers through the streams adapter', async () => {
		const nodes = await Promise.all(
			[0, 1].map(async () => {
				const client = await redisClient();
				const http = createServer();
				const io = new Server(http, { adapter: createAdapter(client, { blockTimeInMs: 500 }) });
				http.listen(0, '127.0.0.1');
				await once(http, 'listening');
				return { client, io, port: (http.address() as AddressInfo).port };
			})
		);
		const socket = openSocket(`http://127.0.0.1:${nodes[1]!.port}`);
		try {
			await connected(socket);
			const heard = nextEvent(socket, 'news');
			nodes[0]!.io.emit('news', 'from the other server');
			expect(await heard).toBe('from the other server');
		} finally {
			socket.close();
			for (const node of nodes) {
				await node.io.close();
				node.client.destroy();
			}
		}
	});

	it('is reachable again by the same client after a restart, empty', async () => {
		const client = await redisClient();
		try {
			await client.set('before', 'restart');
			await redis.restart();
			// Commands wait in the client's queue until it has reconnected.
			expect(await client.ping()).toBe('PONG');
			expect(await client.get('before')).toBeNull();
		} finally {
			client.destroy();
		}
	});
});

it('stops both servers, closing their ports and removing their folders', async () => {
	expect(existsSync(postgres.dir) && existsSync(redis.dir)).toBe(true);
	await Promise.all([postgres.stop(), redis.stop()]);
	expect(existsSync(postgres.dir)).toBe(false);
	expect(existsSync(redis.dir)).toBe(false);
	expect(await closed(postgres.port)).toBe(true);
	expect(await closed(redis.port)).toBe(true);
});

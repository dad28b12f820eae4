import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { useApp } from '../helpers/suite';
import { person } from '../helpers/spaces';
import { openSocket, refusal } from '../helpers/sockets';

// PostgreSQL only (see vite.config.ts): what the app does while its database refuses it.
const { app, socketFor } = useApp();

let admin: pg.Client;
beforeAll(async () => {
	admin = new pg.Client({ connectionString: inject('postgresAdmin')! });
	await admin.connect();
});
afterAll(async () => admin?.end());

const appDatabase = () => new URL(app.database).pathname.slice(1);

/** The app's database stops taking connections, and the ones it has are ended. */
async function refuseConnections(): Promise<void> {
	const name = appDatabase();
	await admin.query(`alter database ${name} allow_connections false`);
	await admin.query(
		'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
		[name]
	);
	for (;;) {
		const { rows } = await admin.query('select 1 from pg_stat_activity where datname = $1', [name]);
		if (rows.length === 0) return;
	}
}

const acceptConnections = () =>
	admin.query(`alter database ${appDatabase()} allow_connections true`);

describe('while PostgreSQL refuses the app for a moment', () => {
	it('tells pages and devices it is unavailable, stays up, and serves them again after', async () => {
		const { visitor } = await person(app.origin, app.dbPath, 'Ada');
		try {
			await refuseConnections();
			const health = await fetch(`${app.origin}/healthz`);
			expect(health.status).toBe(503);
			const page = await visitor.get('/home');
			expect(page.status).toBeGreaterThanOrEqual(500);
			expect(await page.text()).not.toContain('allow');
			const socket = openSocket(app.origin, { token: visitor.sessionToken! });
			// A server that stopped would leave the device waiting: that ends the wait at once.
			const stopped = new Promise<never>((_, fail) =>
				app.process.once('exit', (code) => fail(new Error(`the server stopped (${code})`)))
			);
			try {
				expect(await Promise.race([refusal(socket), stopped])).toBe('unavailable');
			} finally {
				socket.close();
			}
			expect(app.process.exitCode).toBeNull();
		} finally {
			await acceptConnections();
		}
		expect((await fetch(`${app.origin}/healthz`)).status).toBe(200);
		expect((await visitor.get('/home')).status).toBe(200);
		expect((await socketFor(visitor)).connected).toBe(true);
		expect(app.output()).not.toMatch(/uncaught|unhandled/i);
	});
});

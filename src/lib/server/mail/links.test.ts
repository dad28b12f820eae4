import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempDatabase } from '../../../../tests/helpers/db';
import { emailTokens, users } from '../db/schema';
import * as links from './links';

const T0 = Date.UTC(2026, 0, 1);
let conn: Awaited<ReturnType<typeof tempDatabase>>;

beforeAll(() => {
	process.env.APP_SECRET ??= 'a test key that is long enough to be taken as one';
});
beforeEach(async () => {
	conn = await tempDatabase();
	await conn.db.insert(users).values({
		id: 'u1',
		email: 'u1@example.com',
		displayName: 'U',
		passwordHash: 'x',
		kind: 'partner',
		createdAt: new Date(T0)
	});
});
afterEach(() => conn.cleanup());

describe('links sent by email', () => {
	it('work once, for their purpose, and keep only a hash of their secret', async () => {
		const id = await links.issue(conn.db, 'u1', 'reset', 'u1@example.com', T0);
		const token = links.tokenFor(id);
		expect(token).toBe(links.tokenFor(id)); // made again the same way, e.g. after a restart
		const [stored] = await conn.db.select().from(emailTokens).limit(1);
		expect(stored).toBeDefined();
		expect(JSON.stringify(stored)).not.toContain(token.split('.')[1]);

		expect(await links.find(conn.db, token, 'verify', T0)).toBeNull();
		expect((await links.find(conn.db, token, 'reset', T0))?.userId).toBe('u1');
		expect((await links.redeem(conn.db, token, 'reset', T0 + 1000))?.userId).toBe('u1');
		expect(await links.redeem(conn.db, token, 'reset', T0 + 2000)).toBeNull();
	});

	it('stop working when they expire, when tampered with, or when a newer one is sent', async () => {
		const reset = links.tokenFor(await links.issue(conn.db, 'u1', 'reset', 'u1@example.com', T0));
		expect(await links.find(conn.db, reset, 'reset', T0 + links.LIFETIME.reset)).toBeNull();
		expect(await links.find(conn.db, reset, 'reset', T0 + links.LIFETIME.reset - 1)).not.toBeNull();

		const [id, secret] = reset.split('.') as [string, string];
		const flipped = secret[0] === 'a' ? 'b' + secret.slice(1) : 'a' + secret.slice(1);
		for (const bad of [`${id}.${flipped}`, id, `${id}.`, `${reset}x`, '../../etc', ''])
			expect(await links.find(conn.db, bad, 'reset', T0)).toBeNull();

		await links.retire(conn.db, 'u1', 'reset', T0 + 10);
		expect(await links.find(conn.db, reset, 'reset', T0 + 20)).toBeNull();
	});
});

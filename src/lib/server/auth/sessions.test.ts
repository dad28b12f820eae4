import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDatabase } from '../../../../tests/helpers/db';
import { eq } from 'drizzle-orm';
import { sessions as sessionsTable, users } from '../db/schema';
import * as sessions from './sessions';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

let conn: Awaited<ReturnType<typeof tempDatabase>>;
beforeEach(async () => {
	conn = await tempDatabase();
	for (const id of ['u1', 'u2'])
		await conn.db.insert(users).values({
			id,
			email: `${id}@example.com`,
			displayName: id,
			passwordHash: 'x',
			kind: 'partner',
			createdAt: new Date(T0)
		});
});
afterEach(() => conn.cleanup());

describe('sessions', () => {
	it('validate a fresh token and return the person without the password hash', async () => {
		const { token, sessionId } = await sessions.create(conn.db, 'u1', 'Firefox on Linux', T0);
		const found = await sessions.validate(conn.db, token, T0 + MIN);
		expect(found?.session.id).toBe(sessionId);
		expect(found?.user).toEqual({
			id: 'u1',
			email: 'u1@example.com',
			displayName: 'u1',
			kind: 'partner',
			timeZone: 'UTC',
			emailVerified: false
		});
		expect(JSON.stringify(found)).not.toContain('passwordHash');
	});

	it('store only the hash of the secret', async () => {
		const { token } = await sessions.create(conn.db, 'u1', 'd', T0);
		const secret = token.split('.')[1]!;
		const raw = await conn.db.select().from(sessionsTable);
		expect(JSON.stringify(raw)).not.toContain(secret);
	});

	it('reject a token with the right id but a wrong secret', async () => {
		const { token } = await sessions.create(conn.db, 'u1', 'd', T0);
		const [id] = token.split('.');
		expect(await sessions.validate(conn.db, `${id}.${'a'.repeat(24)}`, T0)).toBeNull();
		expect(await sessions.exists(conn.db, id!)).toBe(true);
	});

	it('expire after a week without activity, and delete the row', async () => {
		const { token, sessionId } = await sessions.create(conn.db, 'u1', 'd', T0);
		expect(await sessions.validate(conn.db, token, T0 + 7 * DAY - MIN)).not.toBeNull();
		expect(await sessions.validate(conn.db, token, T0 + 14 * DAY)).toBeNull();
		expect(await sessions.exists(conn.db, sessionId)).toBe(false);
	});

	it('stay alive while used, but never beyond the absolute lifetime', async () => {
		const { token, sessionId } = await sessions.create(conn.db, 'u1', 'd', T0);
		await sessions.setLockAfter(conn.db, sessionId, null);
		for (let day = 5; day < 30; day += 5)
			expect(await sessions.validate(conn.db, token, T0 + day * DAY)).not.toBeNull();
		expect(await sessions.validate(conn.db, token, T0 + 30 * DAY)).toBeNull();
	});

	it('write last-active at most once a minute and report the refresh', async () => {
		const { token } = await sessions.create(conn.db, 'u1', 'd', T0);
		expect((await sessions.validate(conn.db, token, T0 + 30_000))?.session.refreshed).toBe(false);
		const later = await sessions.validate(conn.db, token, T0 + 6 * MIN);
		expect(later?.session.refreshed).toBe(true);
		expect(later?.session.lastActiveAt.getTime()).toBe(T0 + 6 * MIN);
	});

	it('lock a device left alone for its "Lock after" (15 minutes at first), and stay locked', async () => {
		const { token, sessionId } = await sessions.create(conn.db, 'u1', 'd', T0);
		expect((await sessions.validate(conn.db, token, T0))?.session.lockAfterMinutes).toBe(15);
		// Used at minute 10: the quarter of an hour runs from there.
		expect((await sessions.validate(conn.db, token, T0 + 10 * MIN))?.session.locked).toBe(false);
		expect((await sessions.validate(conn.db, token, T0 + 24 * MIN))?.session.locked).toBe(false);
		expect(await sessions.stateOf(conn.db, sessionId, T0 + 40 * MIN)).toBe('locked');
		const found = await sessions.validate(conn.db, token, T0 + 41 * MIN);
		expect(found?.session.locked).toBe(true);
		// Locked by the look before, not by this one.
		expect(found?.session.lockedNow).toBe(false);
		// A locked device's requests are not use.
		expect(found?.session.refreshed).toBe(false);
		expect((await sessions.validate(conn.db, token, T0 + 42 * MIN))?.session.locked).toBe(true);
	});

	it('honour each device’s own choice, "never" included', async () => {
		const quick = await sessions.create(conn.db, 'u1', 'phone', T0);
		const never = await sessions.create(conn.db, 'u1', 'laptop', T0);
		await sessions.setLockAfter(conn.db, quick.sessionId, 5);
		await sessions.setLockAfter(conn.db, never.sessionId, null);
		const idle = await sessions.validate(conn.db, quick.token, T0 + 7 * MIN);
		expect(idle?.session).toMatchObject({ locked: true, lockedNow: true });
		expect((await sessions.validate(conn.db, never.token, T0 + 3 * DAY))?.session.locked).toBe(
			false
		);
	});

	it('tell many sessions’ states in one read: open, locked, left idle (locked now), gone', async () => {
		const open = await sessions.create(conn.db, 'u1', 'phone', T0);
		const locked = await sessions.create(conn.db, 'u1', 'laptop', T0);
		const idle = await sessions.create(conn.db, 'u1', 'tablet', T0);
		await sessions.setLockAfter(conn.db, open.sessionId, null);
		await sessions.lock(conn.db, locked.sessionId, T0 + MIN);
		const lockedNow: string[] = [];
		const states = await sessions.statesOf(
			conn.db,
			[open.sessionId, locked.sessionId, idle.sessionId, 'no-such-session', open.sessionId],
			T0 + 40 * MIN,
			(id) => lockedNow.push(id)
		);
		// Only the one this look locked is told of, to be closed everywhere.
		expect(lockedNow).toEqual([idle.sessionId]);
		expect(Object.fromEntries(states)).toEqual({
			[open.sessionId]: 'open',
			[locked.sessionId]: 'locked',
			[idle.sessionId]: 'locked',
			'no-such-session': 'gone'
		});
		// Found idle, it stays locked: its person's next request is not use.
		expect((await sessions.validate(conn.db, idle.token, T0 + 41 * MIN))?.session.locked).toBe(
			true
		);
	});

	it('lock one device and not the person’s others; unlocking counts as use', async () => {
		const phone = await sessions.create(conn.db, 'u1', 'phone', T0);
		const laptop = await sessions.create(conn.db, 'u1', 'laptop', T0);
		expect(await sessions.lock(conn.db, phone.sessionId, T0 + MIN)).toBe(true);
		expect(await sessions.lock(conn.db, phone.sessionId, T0 + MIN)).toBe(false); // once
		expect(await sessions.stateOf(conn.db, phone.sessionId, T0 + MIN)).toBe('locked');
		expect(await sessions.stateOf(conn.db, laptop.sessionId, T0 + MIN)).toBe('open');
		await sessions.unlock(conn.db, phone.sessionId, T0 + 30 * MIN);
		const back = await sessions.validate(conn.db, phone.token, T0 + 30 * MIN + 1000);
		expect(back?.session.locked).toBe(false);
		expect(back?.session.lastActiveAt.getTime()).toBe(T0 + 30 * MIN);
		expect(await sessions.stateOf(conn.db, 'no-such-session', T0)).toBe('gone');
	});

	it('end all of a person’s sessions except one, leaving others untouched', async () => {
		const keep = await sessions.create(conn.db, 'u1', 'a', T0);
		const other = await sessions.create(conn.db, 'u1', 'b', T0);
		const someoneElse = await sessions.create(conn.db, 'u2', 'c', T0);
		expect(await sessions.endAllOf(conn.db, 'u1', keep.sessionId)).toEqual([other.sessionId]);
		expect(await sessions.validate(conn.db, keep.token, T0)).not.toBeNull();
		expect(await sessions.validate(conn.db, other.token, T0)).toBeNull();
		expect(await sessions.validate(conn.db, someoneElse.token, T0)).not.toBeNull();
	});

	it('let a person end only their own sessions', async () => {
		const mine = await sessions.create(conn.db, 'u1', 'a', T0);
		const theirs = await sessions.create(conn.db, 'u2', 'b', T0);
		expect(await sessions.endOwn(conn.db, 'u1', theirs.sessionId)).toBe(false);
		expect(await sessions.exists(conn.db, theirs.sessionId)).toBe(true);
		expect(await sessions.endOwn(conn.db, 'u1', mine.sessionId)).toBe(true);
	});

	it('list a person’s live sessions, most recent first', async () => {
		await sessions.create(conn.db, 'u1', 'old', T0 - 10 * DAY);
		await sessions.create(conn.db, 'u1', 'older', T0 - 2 * DAY);
		await sessions.create(conn.db, 'u1', 'newest', T0);
		await sessions.create(conn.db, 'u2', 'not mine', T0);
		expect((await sessions.listOf(conn.db, 'u1', T0)).map((s) => s.device)).toEqual([
			'newest',
			'older'
		]);
	});

	it('clean up expired sessions and return their ids', async () => {
		const stale = await sessions.create(conn.db, 'u1', 'a', T0 - 8 * DAY);
		const fresh = await sessions.create(conn.db, 'u1', 'b', T0);
		expect(await sessions.deleteExpired(conn.db, T0)).toEqual([stale.sessionId]);
		expect(await sessions.exists(conn.db, fresh.sessionId)).toBe(true);
	});

	it('disappear with the person (foreign key cascade)', async () => {
		const { sessionId } = await sessions.create(conn.db, 'u1', 'a', T0);
		await conn.db.delete(users).where(eq(users.id, 'u1'));
		expect(await sessions.exists(conn.db, sessionId)).toBe(false);
	});
});

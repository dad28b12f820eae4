import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDatabase } from '../../../../tests/helpers/db';
import { users } from '../db/schema';
import * as sessions from './sessions';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

let conn: ReturnType<typeof tempDatabase>;
beforeEach(() => {
	conn = tempDatabase();
	for (const id of ['u1', 'u2'])
		conn.db
			.insert(users)
			.values({
				id,
				email: `${id}@example.com`,
				displayName: id,
				passwordHash: 'x',
				kind: 'partner',
				createdAt: new Date(T0)
			})
			.run();
});
afterEach(() => conn.cleanup());

describe('sessions', () => {
	it('validate a fresh token and return the person without the password hash', () => {
		const { token, sessionId } = sessions.create(conn.db, 'u1', 'Firefox on Linux', T0);
		const found = sessions.validate(conn.db, token, T0 + MIN);
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

	it('store only the hash of the secret', () => {
		const { token } = sessions.create(conn.db, 'u1', 'd', T0);
		const secret = token.split('.')[1]!;
		const raw = conn.sqlite.prepare('select * from sessions').all();
		expect(JSON.stringify(raw)).not.toContain(secret);
	});

	it('reject a token with the right id but a wrong secret', () => {
		const { token } = sessions.create(conn.db, 'u1', 'd', T0);
		const [id] = token.split('.');
		expect(sessions.validate(conn.db, `${id}.${'a'.repeat(24)}`, T0)).toBeNull();
		expect(sessions.exists(conn.db, id!)).toBe(true);
	});

	it('expire after a week without activity, and delete the row', () => {
		const { token, sessionId } = sessions.create(conn.db, 'u1', 'd', T0);
		expect(sessions.validate(conn.db, token, T0 + 7 * DAY - MIN)).not.toBeNull();
		expect(sessions.validate(conn.db, token, T0 + 14 * DAY)).toBeNull();
		expect(sessions.exists(conn.db, sessionId)).toBe(false);
	});

	it('stay alive while used, but never beyond the absolute lifetime', () => {
		const { token, sessionId } = sessions.create(conn.db, 'u1', 'd', T0);
		sessions.setLockAfter(conn.db, sessionId, null);
		for (let day = 5; day < 30; day += 5)
			expect(sessions.validate(conn.db, token, T0 + day * DAY)).not.toBeNull();
		expect(sessions.validate(conn.db, token, T0 + 30 * DAY)).toBeNull();
	});

	it('write last-active at most once a minute and report the refresh', () => {
		const { token } = sessions.create(conn.db, 'u1', 'd', T0);
		expect(sessions.validate(conn.db, token, T0 + 30_000)?.session.refreshed).toBe(false);
		const later = sessions.validate(conn.db, token, T0 + 6 * MIN);
		expect(later?.session.refreshed).toBe(true);
		expect(later?.session.lastActiveAt.getTime()).toBe(T0 + 6 * MIN);
	});

	it('lock a device left alone for its "Lock after" (15 minutes at first), and stay locked', () => {
		const { token, sessionId } = sessions.create(conn.db, 'u1', 'd', T0);
		expect(sessions.validate(conn.db, token, T0)?.session.lockAfterMinutes).toBe(15);
		// Used at minute 10: the quarter of an hour runs from there.
		expect(sessions.validate(conn.db, token, T0 + 10 * MIN)?.session.locked).toBe(false);
		expect(sessions.validate(conn.db, token, T0 + 24 * MIN)?.session.locked).toBe(false);
		expect(sessions.stateOf(conn.db, sessionId, T0 + 40 * MIN)).toBe('locked');
		const found = sessions.validate(conn.db, token, T0 + 41 * MIN);
		expect(found?.session.locked).toBe(true);
		// A locked device's requests are not use.
		expect(found?.session.refreshed).toBe(false);
		expect(sessions.validate(conn.db, token, T0 + 42 * MIN)?.session.locked).toBe(true);
	});

	it('honour each device’s own choice, "never" included', () => {
		const quick = sessions.create(conn.db, 'u1', 'phone', T0);
		const never = sessions.create(conn.db, 'u1', 'laptop', T0);
		sessions.setLockAfter(conn.db, quick.sessionId, 5);
		sessions.setLockAfter(conn.db, never.sessionId, null);
		expect(sessions.validate(conn.db, quick.token, T0 + 7 * MIN)?.session.locked).toBe(true);
		expect(sessions.validate(conn.db, never.token, T0 + 3 * DAY)?.session.locked).toBe(false);
	});

	it('lock one device and not the person’s others; unlocking counts as use', () => {
		const phone = sessions.create(conn.db, 'u1', 'phone', T0);
		const laptop = sessions.create(conn.db, 'u1', 'laptop', T0);
		expect(sessions.lock(conn.db, phone.sessionId, T0 + MIN)).toBe(true);
		expect(sessions.lock(conn.db, phone.sessionId, T0 + MIN)).toBe(false); // once
		expect(sessions.stateOf(conn.db, phone.sessionId, T0 + MIN)).toBe('locked');
		expect(sessions.stateOf(conn.db, laptop.sessionId, T0 + MIN)).toBe('open');
		sessions.unlock(conn.db, phone.sessionId, T0 + 30 * MIN);
		const back = sessions.validate(conn.db, phone.token, T0 + 30 * MIN + 1000);
		expect(back?.session.locked).toBe(false);
		expect(back?.session.lastActiveAt.getTime()).toBe(T0 + 30 * MIN);
		expect(sessions.stateOf(conn.db, 'no-such-session', T0)).toBe('gone');
	});

	it('end all of a person’s sessions except one, leaving others untouched', () => {
		const keep = sessions.create(conn.db, 'u1', 'a', T0);
		const other = sessions.create(conn.db, 'u1', 'b', T0);
		const someoneElse = sessions.create(conn.db, 'u2', 'c', T0);
		expect(sessions.endAllOf(conn.db, 'u1', keep.sessionId)).toEqual([other.sessionId]);
		expect(sessions.validate(conn.db, keep.token, T0)).not.toBeNull();
		expect(sessions.validate(conn.db, other.token, T0)).toBeNull();
		expect(sessions.validate(conn.db, someoneElse.token, T0)).not.toBeNull();
	});

	it('let a person end only their own sessions', () => {
		const mine = sessions.create(conn.db, 'u1', 'a', T0);
		const theirs = sessions.create(conn.db, 'u2', 'b', T0);
		expect(sessions.endOwn(conn.db, 'u1', theirs.sessionId)).toBe(false);
		expect(sessions.exists(conn.db, theirs.sessionId)).toBe(true);
		expect(sessions.endOwn(conn.db, 'u1', mine.sessionId)).toBe(true);
	});

	it('list a person’s live sessions, most recent first', () => {
		sessions.create(conn.db, 'u1', 'old', T0 - 10 * DAY);
		sessions.create(conn.db, 'u1', 'older', T0 - 2 * DAY);
		sessions.create(conn.db, 'u1', 'newest', T0);
		sessions.create(conn.db, 'u2', 'not mine', T0);
		expect(sessions.listOf(conn.db, 'u1', T0).map((s) => s.device)).toEqual(['newest', 'older']);
	});

	it('clean up expired sessions and return their ids', () => {
		const stale = sessions.create(conn.db, 'u1', 'a', T0 - 8 * DAY);
		const fresh = sessions.create(conn.db, 'u1', 'b', T0);
		expect(sessions.deleteExpired(conn.db, T0)).toEqual([stale.sessionId]);
		expect(sessions.exists(conn.db, fresh.sessionId)).toBe(true);
	});

	it('disappear with the person (foreign key cascade)', () => {
		const { sessionId } = sessions.create(conn.db, 'u1', 'a', T0);
		conn.sqlite.prepare("delete from users where id = 'u1'").run();
		expect(sessions.exists(conn.db, sessionId)).toBe(false);
	});
});

import { describe, expect, it } from 'vitest';
import * as conversations from '../../src/lib/server/conversations';
import { memberships, users } from '../../src/lib/server/db/schema';
import { AppError } from '../../src/lib/server/errors';
import { freshDatabaseEachTest, personRow, type TempDatabase } from '../helpers/db';
import { seedSpaces } from '../helpers/seed';

let conn: TempDatabase;
freshDatabaseEachTest((fresh) => {
	conn = fresh;
});

const T0 = Date.UTC(2026, 5, 1, 18);
const HOUR = 3_600_000;

const start = (topic: string, at: number, scheduledFor: number | null = null) =>
	conversations.start(
		conn.db,
		'ada',
		'ours',
		{ clientId: topic, topic, agenda: [], format: 'free', turnSeconds: null, scheduledFor },
		at
	);
const act = (id: string, command: Parameters<typeof conversations.act>[4], at: number) =>
	conversations.act(conn.db, 'ada', id, `${command.type}-${at}`, command, { now: at });
const topics = async (userId: string) =>
	(await conversations.goingOn(conn.db, userId, 'ours')).map((c) => c.topic);

describe('Conversations going on', () => {
	it('are the live and paused ones, newest first; never planned or ended ones', async () => {
		await seedSpaces(conn.db, [{ id: 'ours', partners: ['ada', 'ben'] }], new Date(T0));
		const live = await start('Live', T0);
		const paused = await start('Paused', T0 + HOUR);
		await act(paused.id, { type: 'timeout', minutes: 30 }, T0 + HOUR + 1);
		const ended = await start('Ended', T0 + 2 * HOUR);
		await act(ended.id, { type: 'end' }, T0 + 2 * HOUR + 1);
		await start('Planned', T0 + 3 * HOUR, T0 + 48 * HOUR);
		expect(await topics('ada')).toEqual(['Paused', 'Live']);
		expect(await topics('ben')).toEqual(['Paused', 'Live']);
		await act(live.id, { type: 'end' }, T0 + 4 * HOUR);
		expect(await topics('ben')).toEqual(['Paused']);
	});

	it('reach a counselor only from the moment they joined, and nobody outside the space', async () => {
		await seedSpaces(
			conn.db,
			[
				{ id: 'ours', partners: ['ada', 'ben'] },
				{ id: 'theirs', partners: ['sam'] }
			],
			new Date(T0)
		);
		await start('Before', T0);
		await conn.db.insert(users).values({ ...personRow('cy'), kind: 'counselor' });
		await conn.db.insert(memberships).values({
			id: 'mc',
			spaceId: 'ours',
			userId: 'cy',
			role: 'counselor',
			status: 'active',
			joinedAt: new Date(T0 + HOUR)
		});
		await start('After', T0 + 2 * HOUR);
		expect(await topics('cy')).toEqual(['After']);
		await expect(topics('sam')).rejects.toThrow(AppError);
	});
});

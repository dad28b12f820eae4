// Two app processes sharing one database and one Redis: what either sends to a room reaches
// every device in it, whichever process the device is connected to.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { startApp, type RunningApp } from '../helpers/app';
import {
	ConversationClient,
	expectWhole,
	until,
	type StoredEvent
} from '../helpers/conversation-client';
import { PASSWORD, Visitor } from '../helpers/http';
import { clientId, propose } from '../helpers/notes';
import { connected, disconnection, nextEvent, openSocket } from '../helpers/sockets';
import { couple, readDb, type Person } from '../helpers/spaces';
import { startRedis, type Redis } from '../setup/redis';

const dir = mkdtempSync(join(tmpdir(), 'trellis-nodes-'));
const dbPath = join(dir, 'app.db');
let redis: Redis;
let one: RunningApp;
let two: RunningApp;
const sockets: Socket[] = [];
const clients: ConversationClient[] = [];

const node = (redisUrl: string, port?: number) =>
	startApp({
		DATABASE_PATH: dbPath,
		REDIS_URL: redisUrl,
		...(port ? { PORT: String(port) } : {})
	});

beforeAll(async () => {
	redis = await startRedis();
	// One after the other: the first brings the database up to date.
	one = await node(redis.url);
	two = await node(redis.url);
}, 60_000);

afterEach(() => {
	for (const s of sockets.splice(0)) s.close();
	for (const c of clients.splice(0)) c.close();
});

afterAll(async () => {
	await Promise.all([one?.stop(), two?.stop()]);
	await redis?.stop();
	rmSync(dir, { recursive: true, force: true });
});

/** A live connection of `p`'s to `app`, the way a browser tab on that origin makes one. */
async function socketOn(app: RunningApp, token: string): Promise<Socket> {
	const socket = openSocket(app.origin, { token });
	sockets.push(socket);
	await connected(socket);
	return socket;
}

const tokenOf = (p: Person) => p.visitor.sessionToken!;

async function begin(p: Person, spaceId: string) {
	const res = await p.visitor.post(`/spaces/${spaceId}/conversations/new`, {
		clientId: clientId(),
		topic: 'How our week went',
		format: 'free',
		when: 'now'
	});
	expect(res.status, await res.clone().text()).toBe(303);
	return /conversations\/([a-z0-9]+)$/.exec(res.headers.get('location')!)![1]!;
}

describe('several app processes', () => {
	it('tell each partner who else has the space open, across processes', async () => {
		const { a, b, spaceId } = await couple(one.origin, dbPath);
		const sa = await socketOn(one, tokenOf(a));
		const sb = await socketOn(two, tokenOf(b));
		const first = await sa.emitWithAck('space:watch', { spaceId });
		expect(first).toEqual({ ok: true, data: { online: [a.id] } });
		const toldA = nextEvent<{ online: string[] }>(sa, 'space:presence');
		const second = await sb.emitWithAck('space:watch', { spaceId });
		expect(second.ok).toBe(true);
		expect([...second.data.online].sort()).toEqual([a.id, b.id].sort());
		expect([...(await toldA).online].sort()).toEqual([a.id, b.id].sort());
	});

	it('passes announcements from a change made through one process to devices on the other', async () => {
		const { a, b, spaceId } = await couple(one.origin, dbPath);
		const sb = await socketOn(two, tokenOf(b));
		const told = nextEvent<{ spaceId: string }>(sb, 'space:changed');
		// A proposes an agreement through the first process.
		await propose(a, spaceId, 'Phones away at dinner');
		expect(await told).toEqual({ spaceId });
	});

	it('shows typing and conversation events to a partner on the other process', async () => {
		const { a, b, spaceId } = await couple(one.origin, dbPath);
		const id = await begin(a, spaceId);
		const ca = new ConversationClient(one.origin, tokenOf(a), id, a.name);
		const cb = new ConversationClient(two.origin, tokenOf(b), id, b.name);
		clients.push(ca, cb);
		await until(() => ca.last === 1 && cb.last === 1, 'both to join');
		const typing = nextEvent<{ userId: string; typing: boolean }>(cb.socket, 'conversation:typing');
		ca.socket.emit('conversation:typing', { conversationId: id, typing: true }, () => {});
		expect(await typing).toMatchObject({ userId: a.id, typing: true });
		ca.say();
		cb.say();
		await until(() => ca.last === 3 && cb.last === 3, 'both messages on both devices', 10_000);
		expect(ca.events.map((e) => `${e.seq}:${e.actor}`)).toEqual(
			cb.events.map((e) => `${e.seq}:${e.actor}`)
		);
	});

	it('ends a session on every process when it is ended through one', async () => {
		const { a } = await couple(one.origin, dbPath);
		const phone = new Visitor(two.origin);
		expect((await phone.logIn(a.email, PASSWORD)).status).toBe(303);
		const here = await socketOn(one, tokenOf(a));
		const there = await socketOn(two, phone.sessionToken!);
		const ended = nextEvent<{ reason: string }>(there, 'session:ended');
		const closedHere = disconnection(here);
		const closedThere = disconnection(there);
		// "Log out everywhere", asked of the first process.
		await a.visitor.post('/account/devices?/everywhere', {});
		expect(await closedHere).toBe('io server disconnect');
		expect(await closedThere).toBe('io server disconnect');
		expect(await ended).toMatchObject({ reason: expect.any(String) });
	});

	it('keeps a conversation whole across processes through dropped connections, repeats, a killed process and a Redis restart', async () => {
		const { a, b, spaceId } = await couple(one.origin, dbPath);
		const id = await begin(a, spaceId);
		const ca = new ConversationClient(one.origin, tokenOf(a), id, a.name);
		const cb = new ConversationClient(two.origin, tokenOf(b), id, b.name);
		const devices = [ca, cb];
		clients.push(...devices);
		await until(() => devices.every((d) => d.socket.connected && d.last === 1), 'both to join');

		// On failure, what each device holds and what each process reported beyond the routine.
		onTestFailed(() => {
			for (const d of devices)
				console.log(
					`${d.name}: ${d.pending} waiting, last event ${d.last}, connected ${d.socket.connected}`
				);
			for (const [name, app] of [
				['first', one],
				['second', two]
			] as const)
				console.log(
					`${name} process:\n${app
						.output()
						.split('\n')
						.filter((l) => !l.includes('"level":"info"'))
						.slice(-12)
						.join('\n')}`
				);
		});
		let sent = 0;
		let duplicates = 0;
		for (let round = 0; sent < 200; round++) {
			for (const device of devices) {
				if (sent >= 200) break;
				if (round % 9 === 4 && device.acked > 0) {
					device.say(true); // an acknowledged message sent again, as a retry would
					duplicates++;
				}
				device.say();
				sent++;
			}
			const victim = devices[round % devices.length]!;
			if (round % 7 === 1) victim.socket.disconnect().connect();
			if (round % 7 === 3) victim.socket.io.engine.close();
			if (round === 30) {
				// The second process dies without a chance to tidy up, and comes back.
				const port = Number(new URL(two.origin).port);
				two.process.kill('SIGKILL');
				await two.stop();
				two = await node(redis.url, port);
			}
			if (round === 60) await redis.restart();
			await new Promise((ok) => setTimeout(ok, round % 3 === 0 ? 15 : 0));
		}
		expect(duplicates).toBeGreaterThan(3);

		await expectWhole(
			() =>
				readDb<StoredEvent>(
					dbPath,
					'select seq, kind, actor_id, client_id from conversation_events where conversation_id = ? order by seq',
					id
				),
			devices,
			201
		);
	}, 120_000);
});

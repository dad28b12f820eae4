// Several machines, as docs/deploy.md describes them: two app processes sharing one PostgreSQL
// and one Redis, behind one nginx configured from the guide. Each partner's device reaches its
// own process; what either sends reaches the other, whatever happens to a process or to Redis.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { freePort, startApp, type RunningApp } from '../helpers/app';
import {
	ConversationClient,
	expectWhole,
	until,
	type StoredEvent
} from '../helpers/conversation-client';
import { PASSWORD, Visitor } from '../helpers/http';
import { advanceTo, choose } from '../helpers/journey';
import { clientId, propose } from '../helpers/notes';
import { connected, disconnection, nextEvent, openSocket } from '../helpers/sockets';
import { admitCounselor, couple, person, readDb, type Person } from '../helpers/spaces';
import { startNginx, type Nginx } from '../setup/nginx';
import { startPostgres, type Postgres } from '../setup/postgres';
import { startRedis, type Redis } from '../setup/redis';
import { SKEW_MS } from '../../src/lib/server/realtime/changes';
import { ASK_NODES_MS } from '../../src/lib/server/realtime/cluster';

const dir = mkdtempSync(join(tmpdir(), 'trellis-nodes-'));
const dbPath = join(dir, 'app.db'); // no file: the folder holds the mail the processes write
let postgres: Postgres;
let redis: Redis;
let nginx: Nginx;
let ports: [number, number];
const apps: RunningApp[] = [];
const sockets: Socket[] = [];
const clients: ConversationClient[] = [];
/** For each process, a loopback address whose devices nginx sends to it. */
let addressFor: [string, string];

/** Every process gets the same environment, as on several machines (docs/deploy.md). */
const secret = randomBytes(32).toString('hex');
const node = (port: number) =>
	startApp({
		DATABASE_URL: postgres.url,
		DATABASE_PATH: dbPath,
		REDIS_URL: redis.url,
		PORT: String(port),
		ORIGIN: `http://127.0.0.1:${nginx.port}`,
		ADDRESS_HEADER: 'X-Forwarded-For',
		XFF_DEPTH: '1',
		APP_SECRET: secret
	});

const count = (app: RunningApp, event: string) =>
	app
		.output()
		.split('\n')
		.filter((l) => l.includes(`"event":"${event}"`)).length;

/** Which process nginx sends a device at `address` to: the one that logs its handshake. */
async function processFor(address: string): Promise<number> {
	const before = apps.map((a) => count(a, 'socket_refused'));
	const probe = openSocket(nginx.origin, { from: address }); // no session: refused, and logged
	await new Promise((seen) => probe.once('connect_error', seen));
	probe.close();
	let which = -1;
	await until(() => {
		which = apps.findIndex((a, i) => count(a, 'socket_refused') > before[i]!);
		return which >= 0;
	}, 'a process to log the refused handshake');
	return which;
}

beforeAll(async () => {
	[postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
	ports = [await freePort(), await freePort()];
	// nginx first: the processes name its address as their origin.
	nginx = await startNginx(ports);
	// Both at once, on an empty database: the migrations run once, under an advisory lock.
	apps.push(...(await Promise.all(ports.map(node))));
	const found: (string | undefined)[] = [undefined, undefined];
	for (let i = 2; i < 64 && found.includes(undefined); i++) {
		const address = `127.0.0.${i}`;
		const which = await processFor(address);
		found[which] ??= address;
	}
	if (found.includes(undefined)) throw new Error('nginx sent every address to one process');
	addressFor = found as [string, string];
}, 90_000);

afterEach(() => {
	for (const s of sockets.splice(0)) s.close();
	for (const c of clients.splice(0)) c.close();
});

afterAll(async () => {
	await Promise.all(apps.map((a) => a.stop()));
	await nginx?.stop();
	await Promise.all([redis?.stop(), postgres?.stop()]);
	rmSync(dir, { recursive: true, force: true });
});

const tokenOf = (p: Person) => p.visitor.sessionToken!;

/** A live connection of a device at `address`, through nginx. */
async function socketFrom(address: string, token: string): Promise<Socket> {
	const socket = openSocket(nginx.origin, { token, from: address });
	sockets.push(socket);
	await connected(socket);
	return socket;
}

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

describe('several app processes behind nginx, on PostgreSQL and Redis', () => {
	it('migrated the database once, and send devices at different addresses to different processes', () => {
		// One row for each migration there is: none run twice, none left out.
		const journal = JSON.parse(readFileSync('drizzle/pg/meta/_journal.json', 'utf8')) as {
			entries: unknown[];
		};
		const [migrated] = readDb<{ rows: number; hashes: number }>(
			dbPath,
			'select count(*) as rows, count(distinct hash) as hashes from drizzle.__drizzle_migrations'
		);
		expect(migrated).toEqual({ rows: journal.entries.length, hashes: journal.entries.length });
		expect(journal.entries.length).toBeGreaterThan(0);
		expect(addressFor[0]).not.toBe(addressFor[1]);
	});

	it('tell each partner who else has the space open, across processes', async () => {
		const { a, b, spaceId } = await couple(nginx.origin, dbPath);
		const sa = await socketFrom(addressFor[0], tokenOf(a));
		const sb = await socketFrom(addressFor[1], tokenOf(b));
		expect(await sa.emitWithAck('space:watch', { spaceId })).toEqual({
			ok: true,
			data: { online: [a.id] }
		});
		const toldA = nextEvent<{ online: string[] }>(sa, 'space:presence');
		const second = await sb.emitWithAck('space:watch', { spaceId });
		expect(second.ok).toBe(true);
		expect([...second.data.online].sort()).toEqual([a.id, b.id].sort());
		expect([...(await toldA).online].sort()).toEqual([a.id, b.id].sort());
	});

	it('still answers who is here when the other process stops answering, and counts it again when it does', async () => {
		const { a, b, spaceId } = await couple(nginx.origin, dbPath);
		const id = await begin(a, spaceId);
		const sa = await socketFrom(addressFor[0], tokenOf(a));
		const sb = await socketFrom(addressFor[1], tokenOf(b));
		const join = async (socket: Socket) =>
			(await socket.timeout(10_000).emitWithAck('conversation:join', {
				conversationId: id,
				after: 0
			})) as { ok: boolean; data: { present: string[] } };
		expect((await join(sb)).ok).toBe(true);
		// The second process hangs (as a machine that is overloaded, or cut off, would): it is still
		// counted as one of the app's processes, but says nothing. The first answers without it.
		apps[1]!.process.kill('SIGSTOP');
		try {
			const asked = Date.now();
			const alone = await join(sa);
			expect(alone).toMatchObject({ ok: true, data: { present: [a.id] } });
			expect(Date.now() - asked).toBeGreaterThanOrEqual(ASK_NODES_MS);
		} finally {
			apps[1]!.process.kill('SIGCONT');
		}
		await until(() => sb.connected, 'B to be connected');
		expect((await join(sa)).data.present.sort()).toEqual([a.id, b.id].sort());
	});

	it('tells a page that connects to one process of a change made on the other since it was read', async () => {
		const { a, b, spaceId } = await couple(nginx.origin, dbPath);
		// A page read SKEW_MS after this moment counts changes from this moment on, and the
		// couple's own changes are all before it.
		const since = Date.now() + SKEW_MS;
		const ask = async (socket: Socket) =>
			(await socket.emitWithAck('space:since', { since })).data as { changed: boolean };
		expect(await ask(await socketFrom(addressFor[1], tokenOf(b)))).toEqual({ changed: false });
		// Made on process 0; B's page connects to process 1 afterwards.
		const onZero = { ...a, visitor: a.visitor.through(`http://127.0.0.1:${ports[0]}`) };
		await propose(onZero, spaceId, 'Phones away at dinner');
		const sb = await socketFrom(addressFor[1], tokenOf(b));
		const told = nextEvent<{ spaceId: string }>(sb, 'space:changed');
		// Process 1 has heard of the change, or is about to pass its announcement on to B.
		if (!(await ask(sb)).changed) expect(await told).toEqual({ spaceId });
	});

	it('adds the open page of a counselor approved on one process to the space, on the other', async () => {
		const { a, b, spaceId } = await couple(nginx.origin, dbPath);
		const c = await person(nginx.origin, dbPath, 'Cleo', 'counselor');
		// The counselor's page is open on process 1 before they join; everything else goes to 0.
		const sc = await socketFrom(addressFor[1], tokenOf(c));
		const onZero = (p: Person) => ({
			...p,
			visitor: p.visitor.through(`http://127.0.0.1:${ports[0]}`)
		});
		await admitCounselor(onZero(a), onZero(b), onZero(c), spaceId);
		// What the approvals sent the counselor's own devices has arrived by this answer.
		expect(await sc.timeout(5000).emitWithAck('space:since', { since: 0 })).toMatchObject({
			ok: true
		});
		const told = nextEvent<{ spaceId: string }>(sc, 'space:changed');
		// A change told only to the space's room.
		await propose(onZero(a), spaceId, 'Sunday walks');
		expect(await told).toEqual({ spaceId });
	});

	it('shows typing and conversation events to a partner on the other process', async () => {
		const { a, b, spaceId } = await couple(nginx.origin, dbPath);
		const id = await begin(a, spaceId);
		const ca = new ConversationClient(nginx.origin, tokenOf(a), id, a.name, addressFor[0]);
		const cb = new ConversationClient(nginx.origin, tokenOf(b), id, b.name, addressFor[1]);
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

	it('log out everywhere, asked of one process, drops the devices on the other', async () => {
		const { a } = await couple(nginx.origin, dbPath);
		const phone = new Visitor(nginx.origin);
		expect((await phone.logIn(a.email, PASSWORD)).status).toBe(303);
		const here = await socketFrom(addressFor[0], tokenOf(a));
		const there = await socketFrom(addressFor[1], phone.sessionToken!);
		const ended = nextEvent<{ reason: string }>(there, 'session:ended');
		const closedHere = disconnection(here);
		const closedThere = disconnection(there);
		const res = await a.visitor
			.through(`http://127.0.0.1:${ports[0]}`)
			.post('/account/devices?/everywhere', {});
		expect(res.status).toBeLessThan(400);
		expect(await closedHere).toBe('io server disconnect');
		expect(await closedThere).toBe('io server disconnect');
		expect(await ended).toMatchObject({ reason: expect.any(String) });
	});

	it('reveals a sealed stage-4 choice once when both partners choose at the same moment, on different processes', async () => {
		const couples = await Promise.all([1, 2, 3].map(() => couple(nginx.origin, dbPath)));
		await Promise.all(couples.map((s) => advanceTo(s.a, s.b, s.spaceId, 4)));
		const through = (p: Person, i: 0 | 1) => ({
			...p,
			visitor: p.visitor.through(`http://127.0.0.1:${ports[i]}`)
		});
		const answered = await Promise.all(
			couples.flatMap((s) => [
				choose(through(s.a, 0), s.spaceId, 'continue'),
				choose(through(s.b, 1), s.spaceId, 'continue')
			])
		);
		expect(answered.map((r) => r.status === 200 || r.status === 303)).toEqual(
			answered.map(() => true)
		);
		for (const { spaceId } of couples) {
			const revealed = readDb<{ outcome: string }>(
				dbPath,
				"select outcome from journey_events where space_id = ? and kind = 'revealed'",
				spaceId
			);
			expect(revealed).toEqual([{ outcome: 'rebuilding' }]);
			const [stage] = readDb<{ stage: number }>(
				dbPath,
				'select stage from spaces where id = ?',
				spaceId
			);
			expect(stage?.stage).toBe(5);
		}
	});

	it('keeps a 200-message conversation whole through dropped connections, repeats, a killed process and a Redis restart', async () => {
		const { a, b, spaceId } = await couple(nginx.origin, dbPath);
		const id = await begin(a, spaceId);
		const ca = new ConversationClient(nginx.origin, tokenOf(a), id, a.name, addressFor[0]);
		const cb = new ConversationClient(nginx.origin, tokenOf(b), id, b.name, addressFor[1]);
		const devices = [ca, cb];
		clients.push(...devices);
		await until(() => devices.every((d) => d.socket.connected && d.last === 1), 'both to join');

		// On failure, what each device holds and what each process reported beyond the routine.
		onTestFailed(() => {
			for (const d of devices)
				console.log(
					`${d.name}: ${d.pending} waiting, last event ${d.last}, connected ${d.socket.connected}`
				);
			apps.forEach((app, i) =>
				console.log(
					`process ${i + 1}:\n${app
						.output()
						.split('\n')
						.filter((l) => !l.includes('"level":"info"'))
						.slice(-12)
						.join('\n')}`
				)
			);
		});
		const lastStored = () =>
			readDb<{ n: number }>(
				dbPath,
				'select max(seq) as n from conversation_events where conversation_id = ?',
				id
			)[0]!.n;
		/** Until the device is connected and has every event stored so far. */
		const caughtUp = (d: ConversationClient) => {
			const stored = lastStored();
			return until(() => d.socket.connected && d.last >= stored, `${d.name} to catch up`);
		};
		/** Until nginx sends B's address to the second process again, and B's device is there. */
		const backOnSecond = async () => {
			const since = Date.now();
			while ((await processFor(addressFor[1])) !== 1)
				if (Date.now() - since > 20_000)
					throw new Error('nginx never sent B back to the second process');
			cb.socket.disconnect().connect();
			await caughtUp(cb);
		};
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
				// The second process dies without a chance to tidy up. With only the first one left,
				// B's device (whose address nginx sends to the second) connects through nginx to
				// the first, and catches up there.
				apps[1]!.process.kill('SIGKILL');
				await apps[1]!.stop();
				cb.socket.disconnect().connect();
				await caughtUp(cb);
			}
			if (round === 45) apps[1] = await node(ports[1]); // and it comes back
			if (round === 60) {
				// Each partner on a process of their own again, then Redis restarts: what A says
				// after it still reaches B's process as it is said, not only when B next catches up.
				await backOnSecond();
				await redis.restart();
				await until(() => devices.every((d) => d.pending === 0), 'every message to be sent');
				await Promise.all(devices.map(caughtUp));
				const heard = nextEvent<{ event: { seq: number; actor: string } }>(
					cb.socket,
					'conversation:event'
				);
				const connections = cb.connections;
				ca.say();
				sent++;
				const { event } = await heard;
				expect(event).toMatchObject({ seq: lastStored(), actor: a.id });
				expect(cb.connections).toBe(connections);
			}
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

import { createConnection, createServer, type Server, type Socket as TcpSocket } from 'node:net';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../helpers/app';
import { clientId } from '../helpers/notes';
import { connected, nextEvent, openSocket } from '../helpers/sockets';
import { couple, readDb, writeDb, type Person } from '../helpers/spaces';
import { openReady, type Connection } from '../../src/lib/server/db/connection';
import { endQuiet } from '../../src/lib/server/conversations';
import { QUIET_END_MS } from '../../src/lib/domain/conversation';
import { HEARTBEAT } from '../../src/lib/server/realtime/heartbeat';

// The server's own tick runs often here, so that a conversation left quiet is seen ending by it.
let app: RunningApp;
let conn: Connection;
const sockets: Socket[] = [];
beforeAll(async () => {
	app = await startApp({ NOTIFY_INTERVAL_MS: '200' });
	conn = await openReady(app.database);
	process.env.DATABASE_PATH = app.dbPath;
});
afterAll(async () => {
	for (const s of sockets) s.close();
	await conn?.close();
	await app?.stop();
});

const HOUR = 3_600_000;
const textOf = (html: string) => html.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ');

async function start(p: Person, spaceId: string, fields: Record<string, string> = {}) {
	const res = await p.visitor.post(`/spaces/${spaceId}/conversations/new`, {
		clientId: clientId(),
		topic: 'How our week went',
		format: 'speaker_listener',
		when: 'now',
		...fields
	});
	expect(res.status, await res.clone().text()).toBe(303);
	return res.headers.get('location')!;
}
const act = (p: Person, path: string, fields: Record<string, string>) =>
	p.visitor.post(`${path}?/act`, { clientId: clientId(), ...fields });
const kinds = (path: string) =>
	readDb<{ kind: string }>(
		app.dbPath,
		'select kind from conversation_events where conversation_id = ? order by seq',
		path.split('/').pop()
	).map((e) => e.kind);

async function socketOf(p: Person, origin = app.origin) {
	const socket = openSocket(origin, { token: p.visitor.sessionToken!, origin: app.origin });
	sockets.push(socket);
	await connected(socket);
	return socket;
}

describe('the speaker answers a reflection before writing again', () => {
	it('refuses a message while a reflection waits, from a form and over the live connection, saying why', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const path = await start(a, spaceId);
		expect((await act(a, path, { type: 'message', text: 'I felt alone.' })).status).toBe(200);
		expect((await act(b, path, { type: 'reflect', text: 'You felt alone.' })).status).toBe(200);

		const refused = await act(a, path, { type: 'message', text: 'And another thing' });
		expect(refused.status).toBe(409);
		const page = textOf(await refused.text());
		expect(page).toContain('Please answer the reflection first');
		const socket = await socketOf(a);
		const sent = await socket.timeout(5000).emitWithAck('conversation:act', {
			conversationId: path.split('/').pop(),
			clientId: clientId(),
			command: { type: 'message', text: 'And another thing' }
		});
		expect(sent).toMatchObject({
			ok: false,
			error: { code: 'conflict', message: expect.stringContaining('answer the reflection first') }
		});
		expect(kinds(path)).toEqual(['begin', 'message', 'reflect']);

		// The listener's page says why "Reflect back" waits.
		expect(textOf(await (await b.visitor.get(path)).text())).toContain(
			'has not said yet whether your last reflection was right'
		);
		expect(
			(await act(a, path, { type: 'confirm', verdict: 'right', clarification: '' })).status
		).toBe(200);
		expect((await act(a, path, { type: 'message', text: 'And another thing' })).status).toBe(200);
		expect(kinds(path)).toEqual(['begin', 'message', 'reflect', 'confirm', 'message']);
	});
});

describe('long messages', () => {
	it('refuses a message over the limit with a message and keeps its words, whole, in the box', async () => {
		const { a, spaceId } = await couple(app.origin, app.dbPath);
		const path = await start(a, spaceId, { format: 'free' });
		const long = `${'word '.repeat(200)}and more`;
		const refused = await act(a, path, { type: 'message', text: long });
		expect(refused.status).toBe(400);
		const html = await refused.text();
		expect(textOf(html)).toContain('Please keep this to 1,000 characters or fewer.');
		const box = /<textarea[^>]*id="message"[^>]*>([^<]*)<\/textarea>/.exec(html)?.[1];
		expect(box).toBe(long);

		const socket = await socketOf(a);
		const sent = await socket.timeout(5000).emitWithAck('conversation:act', {
			conversationId: path.split('/').pop(),
			clientId: clientId(),
			command: { type: 'message', text: 'x'.repeat(1001) }
		});
		expect(sent).toMatchObject({ ok: false, error: { code: 'invalid' } });
		expect(kinds(path)).toEqual(['begin']);

		// A thousand characters as the box counts them (a line break is one) are taken whole.
		const full = `${'a'.repeat(499)}\r\n${'b'.repeat(500)}`;
		expect((await act(a, path, { type: 'message', text: full })).status).toBe(200);
		const stored = readDb<{ data: string }>(
			app.dbPath,
			"select data from conversation_events where conversation_id = ? and kind = 'message'",
			path.split('/').pop()
		);
		expect(JSON.parse(stored[0]!.data).text).toBe(full.replace('\r\n', '\n'));
	});
});

describe('planned conversations', () => {
	it('refuses a plan for a time already past, and says "Planned for" until it begins', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const before = readDb(app.dbPath, 'select id from conversations where space_id = ?', spaceId);
		const past = await a.visitor.post(`/spaces/${spaceId}/conversations/new`, {
			clientId: clientId(),
			topic: 'Our week',
			format: 'free',
			when: 'later',
			startsAtUtc: new Date(Date.now() - 5 * 60_000).toISOString()
		});
		expect(past.status).toBe(400);
		expect(textOf(await past.text())).toContain(
			'That time has already passed. Please choose a later time, or start now.'
		);
		expect(readDb(app.dbPath, 'select id from conversations where space_id = ?', spaceId)).toEqual(
			before
		);

		const path = await start(a, spaceId, {
			when: 'later',
			startsAtUtc: new Date(Date.now() + 2 * 86_400_000).toISOString()
		});
		const planned = textOf(await (await b.visitor.get(path)).text());
		expect(planned).toMatch(/Speaker and listener \(taking turns\) · Planned for /);
		expect(planned).not.toMatch(/· started /);
		expect((await act(b, path, { type: 'begin' })).status).toBe(200);
		expect(textOf(await (await b.visitor.get(path)).text())).toMatch(/· started /);
	});
});

describe('a conversation left quiet', () => {
	it('ends by itself after twelve quiet hours, once, with a line saying so', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const path = await start(a, spaceId);
		const id = path.split('/').pop()!;
		const begun = Date.now();
		expect(await endQuiet(conn.db, begun + QUIET_END_MS - 60_000)).not.toContain(id);
		expect(kinds(path)).toEqual(['begin']);
		expect(await endQuiet(conn.db, begun + QUIET_END_MS + 60_000)).toContain(id);
		expect(await endQuiet(conn.db, begun + 2 * QUIET_END_MS)).not.toContain(id);
		expect(kinds(path)).toEqual(['begin', 'end']);
		const [end] = readDb<{ actor_id: string | null }>(
			app.dbPath,
			"select actor_id from conversation_events where conversation_id = ? and kind = 'end'",
			id
		);
		expect(end!.actor_id).toBeNull();
		const page = textOf(await (await b.visitor.get(path)).text());
		expect(page).toContain('This conversation has ended.');
		expect(page).toContain(
			'The conversation ended by itself: nothing had happened in it for 12 hours.'
		);
		// One's copy says the same, naming nobody as having ended it.
		const copy = await (await b.visitor.get(`/spaces/${spaceId}/export.json`)).json();
		const events = copy.conversations[0].events as { kind: string; by: string | null }[];
		expect(events.find((e) => e.kind === 'end')).toMatchObject({ by: null });
		expect(textOf(await (await b.visitor.get(`/spaces/${spaceId}/export`)).text())).toContain(
			'The conversation ended by itself after a quiet spell.'
		);
	});

	it('counts quiet from the last thing said, or from the end of a time-out, and leaves plans alone', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const talking = await start(a, spaceId);
		const resting = await start(b, spaceId);
		const planned = await start(a, spaceId, {
			when: 'later',
			startsAtUtc: new Date(Date.now() + 3 * 86_400_000).toISOString()
		});
		const t0 = Date.now();
		expect((await act(a, talking, { type: 'message', text: 'Still here.' })).status).toBe(200);
		expect((await act(b, resting, { type: 'timeout', minutes: String(24 * 60) })).status).toBe(200);
		const ended = await endQuiet(conn.db, t0 + 13 * HOUR);
		expect(ended).toContain(talking.split('/').pop());
		expect(ended).not.toContain(resting.split('/').pop());
		expect(await endQuiet(conn.db, t0 + 24 * HOUR + QUIET_END_MS + 60_000)).toContain(
			resting.split('/').pop()
		);
		expect(await endQuiet(conn.db, t0 + 100 * HOUR)).not.toContain(planned.split('/').pop());
		expect(kinds(planned)).toEqual([]);
	});

	it("is ended by the server's own tick, and every device there hears it", async () => {
		const { a, spaceId } = await couple(app.origin, app.dbPath);
		const path = await start(a, spaceId);
		const id = path.split('/').pop()!;
		const socket = await socketOf(a);
		expect(
			await socket.timeout(5000).emitWithAck('conversation:join', { conversationId: id, after: 0 })
		).toMatchObject({ ok: true });
		const heard = nextEvent<{ event: { kind: string; data: { quiet?: number } } }>(
			socket,
			'conversation:event'
		);
		// As if the last thing had happened thirteen hours ago.
		writeDb(
			app.dbPath,
			'update conversations set quiet_since = ? where id = ?',
			new Date(Date.now() - 13 * HOUR),
			id
		);
		const { event } = await heard;
		expect(event.kind).toBe('end');
		expect(event.data.quiet).toBeTypeOf('number');
		expect(kinds(path)).toEqual(['begin', 'end']);
	});
});

describe('a lost network', () => {
	it('is noticed with the heartbeat the server announces', async () => {
		const handshake = await fetch(`${app.origin}/socket.io/?EIO=4&transport=polling`, {
			headers: { origin: app.origin }
		});
		const open = JSON.parse((await handshake.text()).slice(1));
		expect(open).toMatchObject(HEARTBEAT);
		expect(HEARTBEAT.pingInterval + HEARTBEAT.pingTimeout).toBeLessThan(10_000);
	});

	it('takes a partner whose network went silent out of "Here now" within 10 seconds', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const id = (await start(a, spaceId)).split('/').pop()!;
		// B's device reaches the server through a line that can go silent without closing.
		const lines: [TcpSocket, TcpSocket][] = [];
		const relay: Server = createServer((device) => {
			const server = createConnection(Number(new URL(app.origin).port), '127.0.0.1');
			device.pipe(server);
			server.pipe(device);
			lines.push([device, server]);
		});
		await new Promise<void>((ok) => relay.listen(0, '127.0.0.1', ok));
		const port = (relay.address() as { port: number }).port;
		try {
			const [alma, ben] = [await socketOf(a), await socketOf(b, `http://127.0.0.1:${port}`)];
			const present: string[][] = [];
			alma.on('conversation:presence', ({ present: who }: { present: string[] }) =>
				present.push(who)
			);
			for (const s of [alma, ben])
				expect(
					await s.timeout(5000).emitWithAck('conversation:join', { conversationId: id, after: 0 })
				).toMatchObject({ ok: true });
			await expect.poll(() => present.at(-1)?.includes(b.id)).toBe(true);

			const gone = new Promise<number>((ok) =>
				alma.on('conversation:presence', ({ present: who }: { present: string[] }) => {
					if (!who.includes(b.id)) ok(Date.now());
				})
			);
			const cut = Date.now();
			for (const [device, server] of lines) {
				device.unpipe(server);
				server.unpipe(device);
				device.pause();
				server.pause();
			}
			expect((await gone) - cut).toBeLessThan(10_000);
		} finally {
			for (const [device, server] of lines) {
				device.destroy();
				server.destroy();
			}
			relay.close();
		}
	});
});

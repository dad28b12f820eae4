import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../helpers/app';
import { Visitor } from '../helpers/http';
import { connected, openSocket } from '../helpers/sockets';
import { couple, createSpace, person, readDb, type Person } from '../helpers/spaces';
import { testEngine } from '../helpers/engine';
import { clientId, writeNote } from '../helpers/notes';
import { routes } from '../helpers/routes';
import { clientEvents } from '../../src/lib/realtime/events';

/**
 * Thousands of malformed and hostile inputs against every form action and socket event, from
 * people who may not act there and with shapes nobody should send: nothing crashes, nothing
 * answers 5xx, every refusal is a clear 4xx or an error acknowledgement, and nothing is written.
 */
let app: RunningApp;
let a: Person, outsider: Person;
let spaceId: string, otherSpace: string, otherNote: string, conversationId: string;
const sockets: Socket[] = [];

beforeAll(async () => {
	app = await startApp();
	const pair = await couple(app.origin, app.dbPath, true);
	({ a, spaceId } = pair);
	outsider = await person(app.origin, app.dbPath, 'Olive');
	otherSpace = (await createSpace(outsider)).spaceId;
	otherNote = await writeNote(outsider, otherSpace, { body: 'Not yours' });
	const started = await a.visitor.post(`/spaces/${spaceId}/conversations/new`, {
		clientId: clientId(),
		topic: 'Fuzz',
		format: 'speaker_listener',
		when: 'now'
	});
	conversationId = /conversations\/([a-z0-9]+)$/.exec(started.headers.get('location')!)![1]!;
});

afterAll(async () => {
	for (const s of sockets) s.close();
	await app?.stop();
});

/** A small deterministic generator, so a failure can be replayed. */
function generator(seed: number) {
	let x = seed >>> 0;
	const next = () => (x = (x * 1664525 + 1013904223) >>> 0) / 2 ** 32;
	const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
	return { next, pick };
}

const hostileStrings = () => [
	'',
	' ',
	'x'.repeat(6_000),
	'\u0000\u0001\u001b[2J',
	'<script>alert(1)</script>',
	'"><img src=x onerror=alert(1)>',
	'{"__proto__":{"polluted":true}}',
	'constructor',
	'../../../../etc/passwd',
	'-1',
	'1e309',
	'NaN',
	'9'.repeat(400),
	'null',
	'[]',
	'\u202eevil',
	'🙂'.repeat(500),
	otherSpace,
	otherNote,
	'a'.repeat(64),
	'Z'.repeat(24)
];

function deep(depth: number): unknown {
	let v: unknown = 'bottom';
	for (let i = 0; i < depth; i++) v = { v };
	return v;
}

function hostileValue(g: ReturnType<typeof generator>): unknown {
	const kinds: (() => unknown)[] = [
		() => g.pick(hostileStrings()),
		() => Math.floor(g.next() * 2 ** 40) * (g.next() < 0.5 ? -1 : 1),
		() => g.next() < 0.5,
		() => null,
		() => [g.pick(hostileStrings()), 1, null],
		() => deep(20 + Math.floor(g.next() * 60)),
		() => ({ __proto__: { polluted: true }, toString: 'x' }),
		() => Array.from({ length: 50 }, () => g.pick(hostileStrings()).slice(0, 20))
	];
	return g.pick(kinds)();
}

const FIELDS = [
	'clientId',
	'noteId',
	'itemId',
	'body',
	'title',
	'details',
	'forWhom',
	'audience',
	'version',
	'outcome',
	'note',
	'choice',
	'round',
	'type',
	'text',
	'to',
	'minutes',
	'scheduleId',
	'templateId',
	'cadence',
	'startDate',
	'time',
	'password',
	'draftKey',
	'counselorId',
	'role',
	'perspective',
	'safety',
	'shows',
	'item',
	'paused',
	'erase',
	'timeZone',
	'feelings',
	'intensity'
];

function tableCounts(): Record<string, number> {
	const listing =
		testEngine() === 'postgres'
			? "select table_name as name from information_schema.tables where table_schema = 'public'"
			: "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'";
	const tables = readDb<{ name: string }>(app.dbPath, listing)
		.map((t) => t.name)
		// Sessions, known browsers and log-in throttling are bookkeeping about the visitors, not content.
		.filter((t) => !['sessions', 'known_devices', 'login_throttle'].includes(t));
	// One query for all of them: a test's reads of the database hold up its event loop.
	const counts = readDb<{ name: string; n: number }>(
		app.dbPath,
		tables.map((t) => `select '${t}' as name, count(*) as n from "${t}"`).join(' union all ')
	);
	return Object.fromEntries(counts.map((c) => [c.name, Number(c.n)]));
}

describe('fuzzing', () => {
	it('answers every hostile form post with a 4xx or a redirect, and writes nothing', async () => {
		const before = tableCounts();
		const g = generator(20261121);
		const actions = routes()
			.filter((r) => r.actions.length)
			.flatMap((r) =>
				r.actions.map((action) => {
					const path = r.path
						.replace('[spaceId]', spaceId)
						.replace('[noteId]', otherNote)
						.replace('[agreementId]', 'nosuchagreement')
						.replace('[conversationId]', conversationId)
						.replace('[scheduleId]', 'nosuchschedule')
						.replace('[day]', '2026-11-21')
						.replace('[stage]', '2')
						.replace('[secret]', 'abcdefghabcdefghabcdefgh');
					return action === 'default' ? path : `${path}?/${action}`;
				})
			)
			// Signing up and logging in are meant for strangers; they are fuzzed for errors, not for writes, below.
			.filter((url) => !/^\/(signup|login)/.test(url));
		expect(actions.length).toBeGreaterThan(40);
		const visitors = [outsider.visitor, new Visitor(app.origin)];
		let sent = 0;
		const perAction = Math.ceil(5_200 / (actions.length * visitors.length));
		for (const url of actions) {
			for (const visitor of visitors) {
				for (let i = 0; i < perAction; i++) {
					const fields: [string, string][] = [];
					const count = 1 + Math.floor(g.next() * 6);
					for (let f = 0; f < count; f++) {
						const value = g.next() < 0.02 ? 'x'.repeat(300_000) : hostileValue(g);
						fields.push([
							g.pick(FIELDS),
							typeof value === 'string' ? value : JSON.stringify(value)
						]);
					}
					const res = await visitor.post(url, fields);
					await res.arrayBuffer();
					expect(res.status, `${url} ${JSON.stringify(fields).slice(0, 200)}`).toBeLessThan(500);
					expect([303, 400, 403, 404, 409, 413, 429], url).toContain(res.status);
					sent++;
				}
			}
		}
		// Strangers' sign-up and log-in with hostile fields: refused clearly, never a 5xx.
		for (let i = 0; i < 200; i++) {
			const text = () => {
				const v = hostileValue(g);
				return typeof v === 'string' ? v : JSON.stringify(v);
			};
			const res = await new Visitor(app.origin).post(g.next() < 0.5 ? '/signup' : '/login', [
				['email', text()],
				['password', text()],
				['displayName', text()]
			]);
			await res.arrayBuffer();
			expect(res.status).toBeLessThan(500);
			sent++;
		}
		expect(sent).toBeGreaterThanOrEqual(5_000);
		const after = tableCounts();
		// Only the 200 stranger sign-ups can have added accounts (and only if one happened to be valid).
		expect({ ...after, users: 0 }).toEqual({ ...before, users: 0 });
		expect((await fetch(`${app.origin}/healthz`)).status).toBe(200);
		expect(app.output()).not.toContain('unexpected_error');
	}, 240_000);

	it('answers every hostile socket event with an error acknowledgement, and writes nothing', async () => {
		const before = tableCounts();
		const g = generator(7);
		const events = [
			...Object.keys(clientEvents),
			'notes:list',
			'space:delete',
			'__proto__',
			'constructor',
			'x'.repeat(200)
		];
		let sent = 0;
		let refused = 0;
		// The outsider above may have logged themselves out while being fuzzed: a fresh stranger.
		const stranger = await person(app.origin, app.dbPath, 'Sasha');
		const beforeSockets = tableCounts();
		// Many connections, each within its own allowance, so every event reaches the handlers.
		for (const who of [a, stranger]) {
			for (let round = 0; round < 50; round++) {
				const socket = openSocket(app.origin, { token: who.visitor.sessionToken! });
				sockets.push(socket);
				await connected(socket);
				const replies = await Promise.all(
					Array.from({ length: 50 }, () => {
						const event = g.pick(events);
						// Shapes nobody should send: wrong types, deep objects, other spaces' ids,
						// and act commands that are always broken somewhere.
						const payload =
							g.next() < 0.3
								? hostileValue(g)
								: {
										spaceId: g.pick([otherSpace, hostileValue(g)]),
										conversationId: g.pick([conversationId, 'nosuch', hostileValue(g)]),
										after: g.pick([-1, 1.5, 'x', 1e12]),
										clientId: g.pick(['UPPER CASE', '', hostileValue(g)]),
										command: g.pick([
											{ type: 'message' },
											{ type: 'give', to: otherSpace, extra: 1 },
											hostileValue(g)
										]),
										typing: hostileValue(g),
										sentAt: g.pick(['now', Infinity, null])
									};
						sent++;
						return socket
							.timeout(10_000)
							.emitWithAck(event, payload)
							.catch(() => ({ ok: false, timeout: true }));
					})
				);
				for (const reply of replies as { ok: boolean; timeout?: boolean }[]) {
					expect(reply.timeout, 'every event is answered').toBeUndefined();
					if (!reply.ok) refused++;
				}
				socket.close();
			}
		}
		expect(sent).toBe(5_000);
		expect(refused).toBe(sent);
		// A payload over the size limit closes only that connection; the server carries on.
		const big = openSocket(app.origin, { token: a.visitor.sessionToken! });
		sockets.push(big);
		await connected(big);
		const closed = new Promise<string>((ok) => big.once('disconnect', (reason) => ok(reason)));
		big.emit('system:ping', { sentAt: 'x'.repeat(40_000) });
		expect(await closed).toBe('transport close');
		expect(tableCounts()).toEqual(beforeSockets);
		expect(before.notes).toBe(beforeSockets.notes);
		expect((await fetch(`${app.origin}/healthz`)).status).toBe(200);
		expect(app.output()).not.toContain('unexpected_error');
	}, 240_000);
});

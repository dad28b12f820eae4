import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../helpers/app';
import { ConversationClient, expectWhole, until } from '../helpers/conversation-client';
import type { Socket } from 'socket.io-client';
import { connected, openSocket } from '../helpers/sockets';
import { couple, person, readDb, writeDb, type Person } from '../helpers/spaces';
import { clientId } from '../helpers/notes';
import { Visitor } from '../helpers/http';

const dir = mkdtempSync(join(tmpdir(), 'trellis-conversations-'));
const dbPath = join(dir, 'app.db');
let app: RunningApp;
const clients: ConversationClient[] = [];

afterAll(async () => {
	for (const c of clients) c.close();
	await app?.stop();
	rmSync(dir, { recursive: true, force: true });
});

async function begin(p: Person, spaceId: string, fields: Record<string, string> = {}) {
	const res = await p.visitor.post(`/spaces/${spaceId}/conversations/new`, {
		clientId: clientId(),
		topic: 'How our week went',
		format: 'free',
		when: 'now',
		...fields
	});
	expect(res.status, await res.clone().text()).toBe(303);
	return /conversations\/([a-z0-9]+)$/.exec(res.headers.get('location')!)![1]!;
}

/** A live connection for each person given (one each, a person twice for two devices). */
async function devicesOf(...people: Person[]): Promise<Socket[]> {
	const sockets = people.map((p) => openSocket(app.origin, { token: p.visitor.sessionToken! }));
	await Promise.all(sockets.map(connected));
	return sockets;
}

/** Each device joins the conversation, from its first event. */
async function joinFromTheStart(id: string, sockets: Socket[]): Promise<void> {
	for (const s of sockets)
		expect(
			await s.timeout(5000).emitWithAck('conversation:join', { conversationId: id, after: 0 })
		).toMatchObject({ ok: true });
}

const stored = (conversationId: string) =>
	readDb<{ seq: number; kind: string; actor_id: string; client_id: string }>(
		dbPath,
		'select seq, kind, actor_id, client_id from conversation_events where conversation_id = ? order by seq',
		conversationId
	);

describe('conversation sessions over the live connection', () => {
	it('starts once however often the form is sent, and lets only members in', async () => {
		app = await startApp({ DATABASE_PATH: dbPath });
		const { a, b, spaceId } = await couple(app.origin, dbPath);
		const fields = {
			clientId: clientId(),
			topic: '',
			ownTopic: 'Sunday evenings',
			agenda: 'What went well\nWhat was hard',
			format: 'speaker_listener',
			when: 'now'
		};
		const first = await a.visitor.post(`/spaces/${spaceId}/conversations/new`, fields);
		const second = await a.visitor.post(`/spaces/${spaceId}/conversations/new`, fields);
		expect(second.headers.get('location')).toBe(first.headers.get('location'));
		const id = /conversations\/([a-z0-9]+)$/.exec(first.headers.get('location')!)![1]!;
		expect(stored(id).map((e) => e.kind)).toEqual(['begin']);
		const page = await (await b.visitor.get(`/spaces/${spaceId}/conversations/${id}`)).text();
		expect(page).toContain('Sunday evenings');
		expect(page).toContain('What was hard');
		expect(page).toContain('Alma holds the floor.');
		expect(await (await b.visitor.get(`/spaces/${spaceId}`)).text()).toContain(
			'A conversation is going on: Sunday evenings'
		);

		// An outsider is told exactly what they would hear about a conversation that does not exist.
		const outsider = await person(app.origin, dbPath, 'Omar');
		const socket = openSocket(app.origin, { token: outsider.visitor.sessionToken! });
		await connected(socket);
		const real = await socket
			.timeout(5000)
			.emitWithAck('conversation:join', { conversationId: id, after: 0 });
		const none = await socket
			.timeout(5000)
			.emitWithAck('conversation:join', { conversationId: 'nosuchconversation', after: 0 });
		expect(real).toEqual(none);
		expect(real).toMatchObject({ ok: false, error: { code: 'not_found' } });
		const sent = await socket.timeout(5000).emitWithAck('conversation:act', {
			conversationId: id,
			clientId: clientId(),
			command: { type: 'message', text: 'hi' }
		});
		expect(sent).toEqual(none);
		socket.close();
		expect((await outsider.visitor.get(`/spaces/${spaceId}/conversations/${id}`)).status).toBe(404);
		expect(
			(await new Visitor(app.origin).get(`/spaces/${spaceId}/conversations/${id}`)).status
		).toBe(303);
		expect(stored(id)).toHaveLength(1);

		// The same id sent again for the same command lands once; for another command it is refused.
		const form = { clientId: clientId(), type: 'message', text: 'Said once' };
		expect((await a.visitor.post(`/spaces/${spaceId}/conversations/${id}?/act`, form)).status).toBe(
			200
		);
		expect((await a.visitor.post(`/spaces/${spaceId}/conversations/${id}?/act`, form)).status).toBe(
			200
		);
		expect(
			(
				await a.visitor.post(`/spaces/${spaceId}/conversations/${id}?/act`, {
					clientId: form.clientId,
					type: 'end',
					confirmed: 'yes'
				})
			).status
		).toBe(409);
		expect(stored(id).map((e) => e.kind)).toEqual(['begin', 'message']);
		// Ids the server uses for itself cannot be chosen by a device.
		const taken = await a.visitor.post(`/spaces/${spaceId}/conversations/${id}?/act`, {
			clientId: 'sys:proposed:3',
			type: 'message',
			text: 'x'
		});
		expect(taken.status).toBe(400);
	});

	it('keeps every device identical to the database through dropped connections, duplicate sends and a server restart', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, dbPath, true);
		const id = await begin(a, spaceId);
		const people = [a, b, c!];
		const devices = people.map(
			(p) => new ConversationClient(app.origin, p.visitor.sessionToken!, id, p.name)
		);
		clients.push(...devices);
		await until(() => devices.every((d) => d.socket.connected && d.last === 1), 'everyone to join');

		let sent = 0;
		let restarted = false;
		let duplicates = 0;
		for (let round = 0; sent < 200; round++) {
			for (const device of devices) {
				if (sent >= 200) break;
				// Now and then, send an already-acknowledged id again, as a double click or a retry would.
				if (round % 9 === 4 && device.acked > 0) {
					device.say(true);
					duplicates++;
				}
				device.say();
				sent++;
			}
			const chaos = round % 7;
			const victim = devices[round % devices.length]!;
			if (chaos === 1) victim.socket.disconnect().connect(); // the client drops and comes back
			if (chaos === 3) victim.socket.io.engine.close(); // the connection dies under it
			if (round === 30 && !restarted) {
				restarted = true;
				const port = new URL(app.origin).port;
				await app.stop();
				app = await startApp({ DATABASE_PATH: dbPath, PORT: port });
			}
			await new Promise((ok) => setTimeout(ok, round % 3 === 0 ? 15 : 0));
		}
		expect(restarted).toBe(true);
		expect(duplicates).toBeGreaterThan(3);

		// 200 messages and the opening event, numbered without gaps; nothing doubled.
		const rows = await expectWhole(() => stored(id), devices, 201);
		// And each person's messages are all there, once, in the order they were written.
		for (const [i, p] of people.entries()) {
			const mine = rows.filter((r) => r.actor_id === p.id && r.kind === 'message');
			expect(mine.length, p.name).toBe(devices[i]!.acked);
		}
	}, 120_000);
});

describe('planned conversations and who may see them', () => {
	it('waits for a planned conversation to begin, and shows a counselor only what began after they joined', async () => {
		const { a, b, spaceId } = await couple(app.origin, dbPath);
		const at = new Date(Date.now() + 3 * 86_400_000);
		const id = await begin(a, spaceId, {
			when: 'later',
			startsAtUtc: at.toISOString(),
			format: 'speaker_listener'
		});
		const list = await (await b.visitor.get(`/spaces/${spaceId}/conversations`)).text();
		expect(list).toContain('Planned');
		expect(list).toContain(at.toISOString());
		const early = await b.visitor.post(`/spaces/${spaceId}/conversations/${id}?/act`, {
			clientId: clientId(),
			type: 'message',
			text: 'Hello?'
		});
		expect(early.status).toBe(409);
		expect(await early.text()).toContain('This conversation has not started yet.');
		expect(
			(
				await b.visitor.post(`/spaces/${spaceId}/conversations/${id}?/act`, {
					clientId: clientId(),
					type: 'begin'
				})
			).status
		).toBe(200);
		expect(await (await a.visitor.get(`/spaces/${spaceId}/conversations/${id}`)).text()).toContain(
			'Ben holds the floor.'
		);
		// A plan can also be called off before it begins.
		const plan = await begin(a, spaceId, { when: 'later', startsAtUtc: at.toISOString() });
		expect(
			await (await a.visitor.get(`/spaces/${spaceId}/conversations/${plan}`)).text()
		).toContain('Cancel this conversation');
		expect(
			(
				await a.visitor.post(`/spaces/${spaceId}/conversations/${plan}?/act`, {
					clientId: clientId(),
					type: 'end',
					confirmed: 'yes'
				})
			).status
		).toBe(200);
		expect(
			await (await b.visitor.get(`/spaces/${spaceId}/conversations/${plan}`)).text()
		).toContain('Alma cancelled the conversation before it began.');
		const missing = await a.visitor.post(`/spaces/${spaceId}/conversations/new`, {
			clientId: clientId(),
			topic: 'x',
			format: 'free',
			when: 'later'
		});
		expect(missing.status).toBe(400);
		expect(await missing.text()).toContain('Please choose a date and time.');

		// A counselor admitted now does not see the conversation from before.
		const cleo = await person(app.origin, dbPath, 'Cleo', 'counselor');
		const invite = await a.visitor.post(`/spaces/${spaceId}/settings?/createInvite`, {
			role: 'counselor'
		});
		const token = /\/join\/([a-z0-9]{24})"/.exec(await invite.text())![1]!;
		expect((await cleo.visitor.post(`/join/${token}?/join`, {})).status).toBe(303);
		for (const p of [a, b])
			await p.visitor.post(`/spaces/${spaceId}/settings?/approveCounselor`, {
				counselorId: cleo.id
			});
		expect((await cleo.visitor.get(`/spaces/${spaceId}/conversations/${id}`)).status).toBe(404);
		expect(await (await cleo.visitor.get(`/spaces/${spaceId}/conversations`)).text()).not.toContain(
			id
		);
		const later = await begin(a, spaceId);
		expect((await cleo.visitor.get(`/spaces/${spaceId}/conversations/${later}`)).status).toBe(200);
	});

	it('names on its page only the people in the conversation, not a counselor still waiting for approval', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, dbPath, true);
		const waiting = await person(app.origin, dbPath, 'Wren', 'counselor');
		const invite = await a.visitor.post(`/spaces/${spaceId}/settings?/createInvite`, {
			role: 'counselor'
		});
		const token = /\/join\/([a-z0-9]{24})/.exec(await invite.text())![1]!;
		expect((await waiting.visitor.post(`/join/${token}?/join`, {})).status).toBe(303);
		const id = await begin(a, spaceId);
		for (const viewer of [a, b, c!]) {
			const data = await (
				await viewer.visitor.get(`/spaces/${spaceId}/conversations/${id}/__data.json`)
			).text();
			expect(data).toContain(a.name);
			expect(data).toContain(b.name);
			expect(data).not.toContain(waiting.name);
			expect(data).not.toContain(waiting.id);
		}
	});

	it('shows back the words of a message refused because a time-out began, without scripts', async () => {
		const { a, b, spaceId } = await couple(app.origin, dbPath);
		const id = await begin(a, spaceId);
		expect(
			(
				await a.visitor.post(`/spaces/${spaceId}/conversations/${id}?/act`, {
					clientId: clientId(),
					type: 'timeout',
					minutes: '20'
				})
			).status
		).toBe(200);
		const refused = await b.visitor.post(`/spaces/${spaceId}/conversations/${id}?/act`, {
			clientId: clientId(),
			type: 'message',
			text: 'What I had to say & more'
		});
		expect(refused.status).toBe(409);
		const page = await refused.text();
		expect(page).toContain('Not sent');
		expect(page).toContain('<p class="unsent');
		expect(/<p class="unsent[^"]*">([^<]*)<\/p>/.exec(page)?.[1]).toBe(
			'What I had to say &amp; more'
		);
	});

	it('lets someone who left read the conversation but no longer take part in it', async () => {
		const { a, b, spaceId } = await couple(app.origin, dbPath);
		const id = await begin(a, spaceId);
		const socket = openSocket(app.origin, { token: b.visitor.sessionToken! });
		await connected(socket);
		const say = (text: string) =>
			socket.timeout(5000).emitWithAck('conversation:act', {
				conversationId: id,
				clientId: clientId(),
				command: { type: 'message', text }
			});
		expect(await say('Before I go')).toMatchObject({ ok: true });
		expect((await b.visitor.post(`/spaces/${spaceId}/leave`, {})).status).toBe(303);
		expect(await say('After I left')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
		const read = await socket
			.timeout(5000)
			.emitWithAck('conversation:join', { conversationId: id, after: 0 });
		expect(read).toMatchObject({ ok: true });
		expect(read.data.events.map((e: { data: { text?: string } }) => e.data.text ?? null)).toEqual([
			null,
			'Before I go'
		]);
		expect(stored(id).map((e) => e.kind)).toEqual(['begin', 'message']);
		socket.close();
	});

	it("answers the sending device with its event and broadcasts it to every other device, the sender's own others included", async () => {
		const { a, b, spaceId } = await couple(app.origin, dbPath);
		const id = await begin(a, spaceId);
		const [phone, laptop, partner] = await devicesOf(a, a, b);
		const heard = new Map<Socket, number[]>();
		for (const s of [phone!, laptop!, partner!]) {
			heard.set(s, []);
			s.on('conversation:event', ({ event }: { event: { seq: number } }) =>
				heard.get(s)!.push(event.seq)
			);
			expect(
				await s.timeout(5000).emitWithAck('conversation:join', { conversationId: id, after: 0 })
			).toMatchObject({ ok: true });
		}
		const hears = (s: Socket, seq: number) =>
			until(() => heard.get(s)!.includes(seq), `event ${seq}`);
		const sent = await phone!.timeout(5000).emitWithAck('conversation:act', {
			conversationId: id,
			clientId: clientId(),
			command: { type: 'message', text: 'From my phone' }
		});
		expect(sent).toMatchObject({
			ok: true,
			data: { duplicate: false, event: { kind: 'message', data: { text: 'From my phone' } } }
		});
		const mine = sent.data.seq as number;
		expect(sent.data.event.seq).toBe(mine);
		await Promise.all([hears(laptop!, mine), hears(partner!, mine)]);
		// The partner answers; the phone hears that, and (events arriving in order) nothing before it.
		const reply = await partner!.timeout(5000).emitWithAck('conversation:act', {
			conversationId: id,
			clientId: clientId(),
			command: { type: 'message', text: 'Heard you' }
		});
		await hears(phone!, reply.data.seq);
		expect(heard.get(phone!)).toEqual([reply.data.seq]);
		for (const s of [phone!, laptop!, partner!]) s.close();
	});

	it('sends an event again to the other devices when its command is sent again, for any that missed it', async () => {
		const { a, b, spaceId } = await couple(app.origin, dbPath);
		const id = await begin(a, spaceId);
		const [sender, partner] = await devicesOf(a, b);
		await joinFromTheStart(id, [sender!, partner!]);
		const heard: number[] = [];
		partner!.on('conversation:event', ({ event }: { event: { seq: number } }) =>
			heard.push(event.seq)
		);
		const command = {
			conversationId: id,
			clientId: clientId(),
			command: { type: 'message', text: 'Are you there?' }
		};
		const send = async () => {
			const answer = await sender!.timeout(5000).emitWithAck('conversation:act', command);
			// Anything broadcast to the partner's device before this answer arrives before it.
			expect(await partner!.timeout(5000).emitWithAck('space:since', { since: 0 })).toMatchObject({
				ok: true
			});
			return answer;
		};
		const first = await send();
		expect(first).toMatchObject({ ok: true, data: { duplicate: false } });
		const again = await send();
		expect(again).toMatchObject({ ok: true, data: { duplicate: true, seq: first.data.seq } });
		expect(heard).toEqual([first.data.seq, first.data.seq]);
		expect(stored(id).filter((e) => e.kind === 'message')).toHaveLength(1);
		for (const s of [sender!, partner!]) s.close();
	});

	it('gives a device joining a conversation every event, even one stored while it was joining', async () => {
		const { a, b, spaceId } = await couple(app.origin, dbPath);
		const id = await begin(a, spaceId);
		const [speaker, joiner] = await devicesOf(a, b);
		const heard = new Set<number>();
		joiner!.on('conversation:event', ({ event }: { event: { seq: number } }) =>
			heard.add(event.seq)
		);
		const join = (after: number) =>
			joiner!.timeout(5000).emitWithAck('conversation:join', { conversationId: id, after });
		expect(await join(0)).toMatchObject({ ok: true });
		let last = 1;
		// Rounds of two events each, within what one connection may send in a burst.
		for (let round = 0; round < 25; round++) {
			await joiner!.timeout(5000).emitWithAck('conversation:leave', { conversationId: id });
			// The partner says something at a moment somewhere in the device's joining again: just
			// before it or just after, a few turns of the event loop apart.
			const turns = async (n: number) => {
				for (let i = 0; i < n; i++) await new Promise((go) => setImmediate(go));
			};
			const say = () =>
				speaker!.timeout(5000).emitWithAck('conversation:act', {
					conversationId: id,
					clientId: clientId(),
					command: { type: 'message', text: `Round ${round}` }
				});
			const first = round % 2 ? 'join' : 'say';
			const later = <T>(act: () => Promise<T>) => turns(round % 13).then(act);
			const saying = first === 'say' ? say() : later(say);
			const joining = first === 'join' ? join(last) : later(() => join(last));
			const [joined, said] = await Promise.all([joining, saying]);
			expect(joined).toMatchObject({ ok: true });
			expect(said).toMatchObject({ ok: true });
			const seq = said.data.seq as number;
			// In the answer to joining, or live once in the room: never in neither.
			const answered = (joined.data.events as { seq: number }[]).some((e) => e.seq === seq);
			await until(() => answered || heard.has(seq), `event ${seq} in round ${round}`, 3_000);
			last = seq;
		}
		for (const s of [speaker!, joiner!]) s.close();
	});

	it('takes a counselor who was removed out of "Here now" in an open conversation at once', async () => {
		const { a, c, spaceId } = await couple(app.origin, dbPath, true);
		const id = await begin(a, spaceId);
		const [alma, cleo] = await devicesOf(a, c!);
		const present: string[][] = [];
		alma!.on('conversation:presence', ({ present: who }: { present: string[] }) =>
			present.push(who)
		);
		await joinFromTheStart(id, [alma!, cleo!]);
		await until(() => present.some((who) => who.includes(c!.id)), 'the counselor to be here');
		expect(
			(await a.visitor.post(`/spaces/${spaceId}/settings?/removeCounselor`, { counselorId: c!.id }))
				.status
		).toBe(200);
		await until(
			() => present.length > 0 && !present.at(-1)!.includes(c!.id),
			'the counselor to be gone'
		);
		expect(present.at(-1)).toEqual([a.id]);
		for (const s of [alma!, cleo!]) s.close();
	});

	it('sends a counselor whose membership has ended nothing more, before their device is taken out', async () => {
		const { a, c, spaceId } = await couple(app.origin, dbPath, true);
		const id = await begin(a, spaceId);
		const [alma, cleo] = await devicesOf(a, c!);
		await joinFromTheStart(id, [alma!, cleo!]);
		const heard: number[] = [];
		cleo!.on('conversation:event', ({ event }: { event: { seq: number } }) =>
			heard.push(event.seq)
		);
		const say = async (text: string) => {
			const said = await alma!.timeout(5000).emitWithAck('conversation:act', {
				conversationId: id,
				clientId: clientId(),
				command: { type: 'message', text }
			});
			expect(said).toMatchObject({ ok: true });
			// Anything broadcast to the counselor's device before this answer arrives before it.
			expect(await cleo!.timeout(5000).emitWithAck('space:since', { since: 0 })).toMatchObject({
				ok: true
			});
			return said.data.seq as number;
		};
		expect(heard).toContain(await say('Before'));
		// Removed, as a removal has committed and before its devices are taken out of the rooms.
		writeDb(
			dbPath,
			"update memberships set status = 'removed', ended_at = ? where space_id = ? and user_id = ?",
			new Date(),
			spaceId,
			c!.id
		);
		expect(heard).not.toContain(await say('After'));
		for (const s of [alma!, cleo!]) s.close();
	});

	it('leaves no removed counselor in a conversation they were joining as they were removed', async () => {
		const { a, c, spaceId } = await couple(app.origin, dbPath, true);
		const id = await begin(a, spaceId);
		const [alma, cleo] = await devicesOf(a, c!);
		const heard: number[] = [];
		cleo!.on('conversation:event', ({ event }: { event: { seq: number } }) =>
			heard.push(event.seq)
		);
		// How long after the removal is sent the device starts joining (before it, if negative):
		// moved each round towards the moment where joining stops being allowed, where the removal
		// lands inside the joining.
		let delay = 0;
		const outcomes = new Set<boolean>();
		const wait = async (ms: number) => {
			const from = performance.now();
			while (performance.now() - from < ms) await new Promise((go) => setImmediate(go));
		};
		// Rounds of two events each from the counselor's device, within one burst.
		for (let round = 0; round < 20; round++) {
			// Admitted again behind the app's back, so that each round can remove them anew.
			writeDb(
				dbPath,
				"update memberships set status = 'active', ended_at = null where space_id = ? and user_id = ?",
				spaceId,
				c!.id
			);
			const [joined, removed] = await Promise.all([
				wait(delay).then(() =>
					cleo!.timeout(5000).emitWithAck('conversation:join', { conversationId: id, after: 0 })
				),
				wait(-delay).then(() =>
					a.visitor.post(`/spaces/${spaceId}/settings?/removeCounselor`, { counselorId: c!.id })
				)
			]);
			outcomes.add(joined.ok);
			delay += joined.ok ? 0.5 : -0.5;
			expect(removed.status).toBe(200);
			const said = await alma!.timeout(5000).emitWithAck('conversation:act', {
				conversationId: id,
				clientId: clientId(),
				command: { type: 'message', text: `Round ${round}` }
			});
			expect(said).toMatchObject({ ok: true });
			// Anything broadcast to the counselor's device before this answer arrives before it.
			expect(
				await cleo!.timeout(5000).emitWithAck('conversation:leave', { conversationId: id })
			).toMatchObject({ ok: true });
			expect(heard, `round ${round}`).not.toContain(said.data.seq);
		}
		// The rounds went either side of the moment: joined before the removal, and refused after.
		expect([...outcomes].sort()).toEqual([false, true]);
		for (const s of [alma!, cleo!]) s.close();
	});
});

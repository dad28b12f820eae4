import { io, type Socket } from 'socket.io-client';
import { fromAddress } from './sockets';
import { expect } from 'vitest';
import type { ConversationEvent } from '../../src/lib/realtime/events';

type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

/**
 * A device in a conversation, built like the browser's: it applies events strictly in
 * order, catches up after every (re)connection from the last event it has, and keeps each
 * command in an outbox with its own id until the server has acknowledged it.
 */
export class ConversationClient {
	events: ConversationEvent[] = [];
	/** How many times the device has connected, the first time included. */
	connections = 0;
	readonly socket: Socket;
	#outbox: { clientId: string; text: string }[] = [];
	#acked = new Set<string>();
	#n = 0;
	#flushing = false;

	constructor(
		origin: string,
		token: string,
		readonly conversationId: string,
		readonly name: string,
		/** The loopback address this device connects from (see `openSocket`). */
		from?: string
	) {
		this.socket = io(origin, {
			...fromAddress(from),
			transports: ['websocket'],
			extraHeaders: { cookie: `trellis_session=${token}`, origin },
			reconnection: true,
			reconnectionDelay: 50,
			reconnectionDelayMax: 300,
			forceNew: true,
			timeout: 5000
		});
		this.socket.on('connect', () => {
			this.connections++;
			void this.#join();
		});
		this.socket.on(
			'conversation:event',
			({ conversationId, event }: { conversationId: string; event: ConversationEvent }) => {
				if (conversationId === this.conversationId) this.#receive([event]);
			}
		);
	}

	get last(): number {
		return this.events.at(-1)?.seq ?? 0;
	}

	async #request<T>(event: string, payload: unknown): Promise<Ack<T> | null> {
		if (!this.socket.connected) return null;
		try {
			return (await this.socket.timeout(2000).emitWithAck(event, payload)) as Ack<T>;
		} catch {
			return null; // no answer in time: the command stays in the outbox
		}
	}

	async #join(): Promise<void> {
		const res = await this.#request<{ events: ConversationEvent[] }>('conversation:join', {
			conversationId: this.conversationId,
			after: this.last
		});
		if (res?.ok) this.#receive(res.data.events);
		await this.flush();
	}

	#receive(incoming: ConversationEvent[]): void {
		for (const e of [...incoming].sort((a, b) => a.seq - b.seq)) {
			if (e.seq <= this.last) continue;
			if (e.seq > this.last + 1) {
				void this.#join(); // a gap: ask for everything after the last one we have
				return;
			}
			this.events.push(e);
		}
	}

	/** Queues a message; `resend` sends an already-used id again, as a double click would. */
	say(resend = false): string {
		const clientId =
			resend && this.#acked.size
				? [...this.#acked].at(-1)!
				: `${this.name.toLowerCase()}-${++this.#n}-${Date.now().toString(36)}`;
		this.#outbox.push({ clientId, text: `${this.name} message ${this.#n}` });
		void this.flush();
		return clientId;
	}

	async flush(): Promise<void> {
		if (this.#flushing) return;
		this.#flushing = true;
		try {
			while (this.#outbox.length && this.socket.connected) {
				const item = this.#outbox[0]!;
				const res = await this.#request<{ seq: number; event: ConversationEvent }>(
					'conversation:act',
					{
						conversationId: this.conversationId,
						clientId: item.clientId,
						command: { type: 'message', text: item.text }
					}
				);
				if (!res) {
					// No answer in time over a live connection: sent again shortly, with the same id.
					if (this.socket.connected) setTimeout(() => void this.flush(), 200);
					break;
				}
				if (!res.ok && res.error.code === 'rate_limited') {
					// Asked to slow down: try again shortly with the same id.
					setTimeout(() => void this.flush(), 200);
					break;
				}
				if (!res.ok) throw new Error(`${this.name}: refused: ${res.error.message}`);
				this.#acked.add(item.clientId);
				this.#outbox.shift();
				// Its own event comes in the answer; the server does not send it to this device again.
				this.#receive([res.data.event]);
			}
		} finally {
			this.#flushing = false;
		}
	}

	get pending(): number {
		return this.#outbox.length;
	}
	get acked(): number {
		return this.#acked.size;
	}

	close(): void {
		this.socket.close();
	}
}

/** Resolves once `check` holds (looked at every 20 ms); fails naming `what` after `ms`. */
export function until(check: () => boolean, what: string, ms = 30_000): Promise<void> {
	return new Promise((ok, fail) => {
		const started = Date.now();
		const poll = () => {
			if (check()) return ok();
			if (Date.now() - started > ms) return fail(new Error(`timed out waiting for ${what}`));
			setTimeout(poll, 20);
		};
		poll();
	});
}

/** A stored event of a conversation, as the tests read it from the database. */
export interface StoredEvent {
	seq: number;
	kind: string;
	actor_id: string;
	client_id: string;
}

/**
 * Once every outbox is empty and every device has caught up: `count` events stored, numbered
 * without gaps, none doubled, and every device holding exactly those, in that order.
 */
export async function expectWhole(
	stored: () => StoredEvent[],
	devices: ConversationClient[],
	count: number
): Promise<StoredEvent[]> {
	await until(() => devices.every((d) => d.pending === 0), 'every outbox to empty', 60_000);
	const rows = stored();
	await until(() => devices.every((d) => d.last === rows.length), 'every device to catch up');
	expect(rows).toHaveLength(count);
	expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
	expect(new Set(rows.map((r) => r.client_id)).size).toBe(count);
	const expected = rows.map((r) => `${r.seq}:${r.kind}:${r.actor_id}`);
	for (const d of devices)
		expect(
			d.events.map((e) => `${e.seq}:${e.kind}:${e.actor}`),
			d.name
		).toEqual(expected);
	return rows;
}

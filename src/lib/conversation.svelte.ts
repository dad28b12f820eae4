import { SvelteMap } from 'svelte/reactivity';
import type { CommandInput } from './domain/conversation-input';
import { initial, replay, type Event, type Format, type State } from './domain/conversation';
import type { LiveConnection } from './realtime/client.svelte';

/** Kept with the drafts' prefix, so log-out and quick exit clear it with them. */
const OUTBOX_PREFIX = 'trellis-draft:conversation:';
const TYPING_SHOWN_MS = 4_000;

export interface Outgoing {
	clientId: string;
	command: CommandInput;
	status: 'sending' | 'refused';
	error?: string;
}

const newId = () =>
	`c-${Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('')}`;

/**
 * One conversation as this device sees it. Events are applied strictly in sequence: a gap
 * means something was missed, so the device asks for everything after the last one it has.
 * Commands wait in an outbox (kept in this tab) until the server has acknowledged them, and
 * are sent again after a reconnect with the same id, so nothing is lost and nothing doubles.
 */
export class LiveConversation {
	events = $state<Event[]>([]);
	present = $state<string[]>([]);
	outbox = $state<Outgoing[]>([]);
	typing = new SvelteMap<string, number>();
	#start: State;
	#live: LiveConnection;
	#id: string;
	#catchingUp = false;
	#flushing = false;

	constructor(
		live: LiveConnection,
		conversationId: string,
		format: Format,
		turnSeconds: number | null,
		events: Event[]
	) {
		this.#live = live;
		this.#id = conversationId;
		this.#start = initial(format, turnSeconds, true);
		this.events = events;
		this.outbox = this.#loadOutbox();
	}

	state = $derived.by(() => replay(this.#start, this.events));
	get lastSeq(): number {
		return this.events.at(-1)?.seq ?? 0;
	}

	/** Listens for this conversation's events; returns the way to stop. */
	listen(): () => void {
		const offs = [
			this.#live.on('conversation:event', ({ conversationId, event }) => {
				if (conversationId === this.#id) this.#receive([event as Event]);
			}),
			this.#live.on('conversation:presence', ({ conversationId, present }) => {
				if (conversationId === this.#id) this.present = present;
			}),
			this.#live.on('conversation:typing', ({ conversationId, userId, typing }) => {
				if (conversationId !== this.#id) return;
				if (typing) this.typing.set(userId, Date.now() + TYPING_SHOWN_MS);
				else this.typing.delete(userId);
			})
		];
		return () => {
			for (const off of offs) off();
			void this.#live.request('conversation:leave', { conversationId: this.#id });
		};
	}

	/** On every (re)connection: join, catch up from the last event this device has, send what waits. */
	async join(): Promise<void> {
		const res = await this.#live.request('conversation:join', {
			conversationId: this.#id,
			after: this.lastSeq
		});
		if (!res.ok) return;
		this.present = res.data.present;
		this.#receive(res.data.events as Event[]);
		await this.flush();
	}

	/** Events that arrived ahead of one still missing, held until the gap is filled. */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never shown
	#ahead = new Map<number, Event>();

	#receive(incoming: Event[]): void {
		// Something is missing before what is held: ask for everything after the last one here.
		if (this.#apply(incoming)) void this.#catchUp();
	}

	/** Applies what follows on from the last event; returns whether a gap remains. */
	#apply(incoming: Event[]): boolean {
		for (const e of incoming) if (e.seq > this.lastSeq) this.#ahead.set(e.seq, e);
		let events = this.events;
		let next = this.#ahead.get((events.at(-1)?.seq ?? 0) + 1);
		while (next) {
			this.#ahead.delete(next.seq);
			events = [...events, next];
			this.typing.delete(next.actor);
			next = this.#ahead.get(next.seq + 1);
		}
		if (events !== this.events) this.events = events;
		for (const seq of this.#ahead.keys()) if (seq <= this.lastSeq) this.#ahead.delete(seq);
		return this.#ahead.size > 0;
	}

	async #catchUp(): Promise<void> {
		if (this.#catchingUp) return;
		this.#catchingUp = true;
		try {
			// Again while a gap remains: an event may have been stored after the last answer was read.
			for (let tries = 0; this.#ahead.size && tries < 5; tries++) {
				const res = await this.#live.request('conversation:join', {
					conversationId: this.#id,
					after: this.lastSeq
				});
				if (!res.ok) break;
				this.#apply(res.data.events as Event[]);
			}
		} finally {
			this.#catchingUp = false;
		}
	}

	/** Queues a command and sends it when it can. A refusal comes back as a message on it. */
	send(command: CommandInput): void {
		this.outbox = [...this.outbox, { clientId: newId(), command, status: 'sending' }];
		this.#saveOutbox();
		void this.flush();
	}

	dismiss(clientId: string): void {
		this.outbox = this.outbox.filter((o) => o.clientId !== clientId);
		this.#saveOutbox();
	}

	async flush(): Promise<void> {
		if (this.#flushing || this.#live.status !== 'connected') return;
		this.#flushing = true;
		try {
			// One at a time, in order, including anything queued while this runs.
			// eslint-disable-next-line svelte/prefer-svelte-reactivity -- local to this call, never shown
			const tried = new Set<string>();
			let item: Outgoing | undefined;
			while ((item = this.outbox.find((o) => o.status === 'sending' && !tried.has(o.clientId)))) {
				tried.add(item.clientId);
				const res = await this.#live.request('conversation:act', {
					conversationId: this.#id,
					clientId: item.clientId,
					command: item.command
				});
				const id = item.clientId;
				if (res.ok) {
					this.outbox = this.outbox.filter((o) => o.clientId !== id);
					// One's own event comes in the answer, not as a broadcast.
					this.#receive([res.data.event as Event]);
				} else if (
					res.error.code === 'unavailable' ||
					res.error.code === 'internal' ||
					res.error.code === 'rate_limited'
				) {
					// No answer, a passing fault, or asked to slow down: kept, and sent again with the
					// same id, in a moment (or, if the connection went, as soon as it is back).
					setTimeout(() => void this.flush(), 1_000);
					break;
				} else {
					this.outbox = this.outbox.map((o) =>
						o.clientId === id ? { ...o, status: 'refused', error: res.error.message } : o
					);
				}
				this.#saveOutbox();
			}
		} finally {
			this.#flushing = false;
		}
	}

	#typingSent = 0;
	/** "I am typing": sent at most every couple of seconds while typing. */
	typingNow(): void {
		const now = Date.now();
		if (now - this.#typingSent < 2_000 || this.#live.status !== 'connected') return;
		this.#typingSent = now;
		void this.#live.request('conversation:typing', { conversationId: this.#id, typing: true });
	}

	/** Who is typing right now (their indicator fades by itself). */
	typingNames(now: number): string[] {
		return [...this.typing].filter(([, until]) => until > now).map(([userId]) => userId);
	}

	#loadOutbox(): Outgoing[] {
		try {
			const raw = sessionStorage.getItem(OUTBOX_PREFIX + this.#id);
			return raw ? (JSON.parse(raw) as Outgoing[]) : [];
		} catch {
			return [];
		}
	}

	#saveOutbox(): void {
		try {
			if (this.outbox.length)
				sessionStorage.setItem(OUTBOX_PREFIX + this.#id, JSON.stringify(this.outbox));
			else sessionStorage.removeItem(OUTBOX_PREFIX + this.#id);
		} catch {
			// Storage unavailable: the outbox still lives in memory for this page.
		}
	}
}

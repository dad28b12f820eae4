import type { Socket } from 'socket.io-client';
import { getContext, setContext } from 'svelte';
import type {
	Ack,
	ClientEventName,
	ClientToServer,
	Result,
	ServerEventName,
	ServerToClient,
	SessionEndReason
} from './events';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

type Listener<E extends ServerEventName> = ServerToClient[E];

/** The page's live connection. Its status drives the indicator; on() returns its own unsubscribe. */
export class LiveConnection {
	status = $state<ConnectionStatus>('connecting');
	#socket: Socket<ServerToClient, ClientToServer> | null = null;
	#stopWatchingNetwork = () => {};
	#onEnded: (reason: SessionEndReason | null) => void;
	#onConnected: () => void;
	/** Listeners live here, not on the socket, so pages can subscribe before it exists. */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- subscriptions, never shown
	#listeners = new Map<string, Set<(...args: never[]) => void>>();

	/**
	 * onEnded: the session behind the connection is over, and why when the server said (null when
	 * it is only known to be gone). onConnected: the connection is (back) up; changes announced
	 * while it was not are caught up on from there.
	 */
	constructor(
		onEnded: (reason: SessionEndReason | null) => void,
		onConnected: () => void = () => {}
	) {
		this.#onEnded = onEnded;
		this.#onConnected = onConnected;
	}

	/** Counts connect() and close() calls, so that a close wins over a connection still loading. */
	#generation = 0;
	#opening = false;
	/** When the page's data was read, until the first connection has asked what changed since. */
	#readAt: number | null = null;

	/**
	 * Opens the connection. The socket.io client is loaded here, after the page is up and
	 * interactive, rather than with the page's own code: every page opens sooner, and the
	 * connection follows a moment later. It is opened in a task of its own, after the one in which
	 * the page wakes up, so that a phone's browser is not held up for the two together.
	 * `readAt`: when the page's data was read (the server's clock); the first connection then
	 * catches up only if something changed since, rather than reading the page again regardless.
	 */
	connect(readAt: number | null = null): void {
		if (this.#socket || this.#opening) return;
		this.#readAt = readAt;
		this.#opening = true;
		const generation = ++this.#generation;
		import('socket.io-client').then(
			({ io }) =>
				setTimeout(() => {
					this.#opening = false;
					if (generation === this.#generation) this.#open(io);
				}),
			() => {
				// The client's code did not arrive (the network went): try again when it is back.
				this.#opening = false;
				this.status = 'reconnecting';
				addEventListener('online', () => generation === this.#generation && this.connect(), {
					once: true
				});
			}
		);
	}

	#open(io: typeof import('socket.io-client').io): void {
		// WebSocket first (one connection, always origin-checked); long-polling if it is blocked.
		const socket: Socket<ServerToClient, ClientToServer> = io({
			withCredentials: true,
			transports: ['websocket', 'polling'],
			tryAllTransports: true
		});
		this.#socket = socket;
		socket.on('connect', () => {
			this.status = 'connected';
			this.#refusals = 0;
			const since = this.#readAt;
			this.#readAt = null;
			if (since === null) return this.#onConnected();
			// The first connection: the page is as it was read unless the server knows otherwise.
			void this.request('space:since', { since }).then((answer) => {
				if (!answer.ok || answer.data.changed) this.#onConnected();
			});
		});
		socket.on('disconnect', (reason) => {
			// The server closes a socket only when its session has ended.
			if (reason === 'io server disconnect') this.#end(null);
			else this.status = 'reconnecting';
		});
		socket.on('connect_error', (error) => {
			if (error.message === 'unauthenticated') this.#end(null);
			else if (error.message === 'locked') this.#end('locked');
			else {
				this.status = 'reconnecting';
				// Turned away by the server for now (it could not reach its database, or this person
				// has as many connections open as they may): the client gives up after a refusal,
				// so the page asks again itself, a little later each time. (Not reaching the server
				// at all, it tries again by itself.)
				if (!socket.active) this.#askAgain(socket);
			}
		});
		socket.on('session:ended', ({ reason }) => this.#end(reason));
		socket.onAny((event: string, ...args: unknown[]) => {
			for (const fn of this.#listeners.get(event) ?? []) (fn as (...a: unknown[]) => void)(...args);
		});
		// The browser knows at once when its network goes: say so now, and drop the connection so
		// that it is made again when the network is back, rather than wait for a missed heartbeat.
		const lost = () => {
			if (this.status === 'offline') return;
			this.status = 'reconnecting';
			socket.io.engine?.close();
		};
		addEventListener('offline', lost);
		this.#stopWatchingNetwork = () => removeEventListener('offline', lost);
	}

	/** Refusals in a row, since the last connection. */
	#refusals = 0;

	#askAgain(socket: Socket<ServerToClient, ClientToServer>): void {
		const wait = Math.min(1_000 * 2 ** this.#refusals++, 30_000);
		setTimeout(() => {
			if (this.#socket === socket && this.status === 'reconnecting' && !socket.active)
				socket.connect();
		}, wait);
	}

	#end(reason: SessionEndReason | null): void {
		if (this.status === 'offline') return;
		this.status = 'offline';
		this.#socket?.disconnect();
		this.#onEnded(reason);
	}

	on<E extends ServerEventName>(event: E, listener: Listener<E>): () => void {
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- subscriptions, never shown
		const set = this.#listeners.get(event) ?? new Set();
		set.add(listener);
		this.#listeners.set(event, set);
		return () => void set.delete(listener);
	}

	/** Sends a contract event and resolves with its acknowledgement (or a timeout refusal). */
	async request<E extends ClientEventName>(
		event: E,
		payload: Parameters<ClientToServer[E]>[0],
		timeoutMs = 10_000
	): Promise<Ack<Result<E>>> {
		const socket = this.#socket as unknown as Socket | null;
		if (!socket) return { ok: false, error: { code: 'unavailable', message: 'Not connected.' } };
		try {
			return await socket.timeout(timeoutMs).emitWithAck(event, payload);
		} catch {
			return {
				ok: false,
				error: { code: 'unavailable', message: 'No answer from the server in time.' }
			};
		}
	}

	close(): void {
		this.#generation++;
		this.#opening = false;
		this.#stopWatchingNetwork();
		this.#socket?.disconnect();
		this.#socket = null;
	}
}

const KEY = Symbol('live-connection');

export function setLiveConnection(live: LiveConnection): LiveConnection {
	return setContext(KEY, live);
}

export function getLiveConnection(): LiveConnection | undefined {
	return getContext<LiveConnection | undefined>(KEY);
}

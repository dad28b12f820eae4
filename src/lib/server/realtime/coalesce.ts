import type { Socket as TcpSocket } from 'node:net';

/** The parts of an engine.io connection this module relies on (engine.io 6). */
interface EngineConnection {
	flush(): void;
	transport?: { name?: string; socket?: { _socket?: TcpSocket } };
}

const coalesced = new WeakSet<object>();

/**
 * Frames a connection is sent in one turn of the event loop go out in one write to the
 * network. A conversation message answers its sender and is passed on to the partner, and
 * when both partners write at once each device gets two frames from the same turn: the
 * acknowledgement of its own message and the copy of the other's. engine.io writes every frame
 * as soon as it is queued, one system call each; here its flush waits until the turn's
 * promises have settled (`process.nextTick` runs after them), then the frames queued by then
 * are written with the TCP socket corked, so they leave together. Order is unchanged and
 * nothing waits for a timer.
 *
 * Uses engine.io's `flush()` and the WebSocket transport's TCP socket; if either is missing
 * (another transport, another version) the connection is left as it is.
 */
export function coalesceWrites(connection: unknown): void {
	const conn = connection as EngineConnection;
	if (typeof conn?.flush !== 'function' || coalesced.has(conn)) return;
	coalesced.add(conn);
	const flushNow = conn.flush.bind(conn);
	let queued = false;
	const flushCorked = () => {
		queued = false;
		const tcp = conn.transport?.name === 'websocket' ? conn.transport.socket?._socket : undefined;
		if (!tcp || typeof tcp.cork !== 'function' || tcp.destroyed) return flushNow();
		tcp.cork();
		try {
			flushNow();
		} finally {
			tcp.uncork();
		}
	};
	conn.flush = () => {
		if (queued) return;
		queued = true;
		process.nextTick(flushCorked);
	};
}

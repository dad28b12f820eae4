import type { Socket as TcpSocket } from 'node:net';
import { log } from '../log';

/** The parts of an engine.io connection this module relies on (engine.io 6). */
interface EngineConnection {
	flush(): void;
	close(): void;
	readyState: string;
	transport?: { name?: string; socket?: { _socket?: TcpSocket } };
}

const coalesced = new WeakSet<object>();

/**
 * Frames queued for a connection in one go leave in one write to the network. When a group of
 * conversation messages is committed, every message's promise settles in the same run of promise
 * callbacks, and each queues an acknowledgement for its sender and a copy for the partner: when
 * both partners wrote, each device gets two frames at once. engine.io writes every frame as soon
 * as it is queued, one system call each; here its flush waits for `process.nextTick` (which, when
 * asked for from a promise callback, comes after the other promise callbacks of that run), then
 * writes what was queued by then with the TCP socket corked, so it leaves together. Order is
 * unchanged, and nothing waits for a timer.
 *
 * Only an open connection waits: once it is closing, engine.io counts on a flush sending at once,
 * before the transport goes (as when an upgrade completes on a connection being closed).
 *
 * Uses engine.io's `flush()` and the WebSocket transport's TCP socket; if either is missing
 * (another transport, another version) frames are written as engine.io writes them.
 */
export function coalesceWrites(connection: unknown): void {
	const conn = connection as EngineConnection;
	if (typeof conn?.flush !== 'function' || coalesced.has(conn)) return;
	coalesced.add(conn);
	const flushNow = conn.flush.bind(conn);
	let queued = false;
	const flushCorked = () => {
		queued = false;
		const raw = conn.transport?.name === 'websocket' ? conn.transport.socket?._socket : undefined;
		const tcp = raw && typeof raw.cork === 'function' && !raw.destroyed ? raw : undefined;
		tcp?.cork();
		try {
			flushNow();
		} catch (error) {
			// Nobody is left to tell (the frames' senders have moved on): the device reconnects and
			// catches up on what it missed, as after any dropped connection.
			log.error('realtime_write_failed', {
				error: error instanceof Error ? error.message : String(error)
			});
			try {
				conn.close();
			} catch {
				// already gone
			}
		} finally {
			tcp?.uncork();
		}
	};
	conn.flush = () => {
		if (conn.readyState !== 'open') return flushNow();
		if (queued) return;
		queued = true;
		process.nextTick(flushCorked);
	};
}

import type { Socket } from 'socket.io';
import {
	clientEvents,
	isClientEvent,
	type Ack,
	type ClientEventName,
	type ClientToServer,
	type Payload,
	type Result,
	type ServerToClient
} from '../../realtime/events';
import { defaultMessage, type ClientError } from '../../errors';
import { toClientError } from '../errors';
import type { NodeEvents, SocketData } from './io';

export type AppSocket = Socket<ClientToServer, ServerToClient, NodeEvents, SocketData>;

type Handler<E extends ClientEventName> = (
	payload: Payload<E>,
	socket: AppSocket
) => Result<E> | Promise<Result<E>>;

type Reply = (response: Ack<unknown>) => void;

function split(args: unknown[]): { payload: unknown; ack: Reply | undefined } {
	const last = args.at(-1);
	if (typeof last === 'function')
		return { payload: args.length > 1 ? args[0] : undefined, ack: last as Reply };
	return { payload: args[0], ack: undefined };
}

function refuse(socket: AppSocket, event: string, ack: Reply | undefined, error: ClientError) {
	if (ack) ack({ ok: false, error });
	else socket.emit('system:error', { event, ...error });
}

/**
 * Each connection gets a bucket of events that refills steadily: ordinary use (a message a
 * second, a burst after reconnecting) never empties it; a flood does, and is refused before
 * any work is done, so one noisy device cannot slow anyone else down.
 */
export const RATE = { burst: 60, perSecond: 20 } as const;
const buckets = new WeakMap<object, { tokens: number; at: number }>();

export function take(socket: object, now = Date.now()): boolean {
	const b = buckets.get(socket) ?? { tokens: RATE.burst, at: now };
	b.tokens = Math.min(RATE.burst, b.tokens + ((now - b.at) / 1000) * RATE.perSecond);
	b.at = now;
	buckets.set(socket, b);
	if (b.tokens < 1) return false;
	b.tokens -= 1;
	return true;
}

/**
 * Binds one contract event: the payload is parsed with its schema first; a bad payload
 * or a refused action gets an error acknowledgement, never a crash.
 */
export function on<E extends ClientEventName>(
	socket: AppSocket,
	event: E,
	handler: Handler<E>
): void {
	const schema = clientEvents[event].payload;
	const name: string = event;
	(socket as unknown as Socket).on(name, async (...args: unknown[]) => {
		const { payload, ack } = split(args);
		if (!take(socket)) {
			refuse(socket, event, ack, {
				code: 'rate_limited',
				message: 'Too much at once. Please slow down a little.'
			});
			return;
		}
		const parsed = schema.safeParse(payload);
		if (!parsed.success) {
			refuse(socket, event, ack, { code: 'invalid', message: defaultMessage.invalid });
			return;
		}
		try {
			const data = await handler(parsed.data as Payload<E>, socket);
			ack?.({ ok: true, data });
		} catch (error) {
			refuse(socket, event, ack, toClientError(error, `socket:${event}`));
		}
	});
}

/** Events outside the contract are answered, not ignored, so a client learns its mistake. */
export function refuseUnknown(socket: AppSocket): void {
	socket.onAny((event: unknown, ...args: unknown[]) => {
		if (typeof event === 'string' && isClientEvent(event)) return;
		const { ack } = split(args);
		if (!take(socket))
			return refuse(socket, '?', ack, {
				code: 'rate_limited',
				message: 'Too much at once. Please slow down a little.'
			});
		const name = typeof event === 'string' ? event.slice(0, 64) : '?';
		refuse(socket, name, ack, {
			code: 'not_found',
			message: 'That is not something this connection can do.'
		});
	});
}

/**
 * Puts a socket in rooms its person was just found allowed in, then asks again once it is
 * there. Someone removed in between (a counselor taken out of a space, a partner who left) had
 * their sockets taken out of these rooms before this one was in; asked after joining, the
 * removal is seen and the socket leaves again. Asked after joining and found allowed, any
 * later removal takes this socket out with the others. Returns whether it stayed.
 */
export async function joinWhileAllowed(
	socket: AppSocket,
	roomNames: string[],
	allowed: () => Promise<boolean>
): Promise<boolean> {
	await socket.join(roomNames);
	let stays = false;
	try {
		stays = await allowed();
	} finally {
		// Not allowed, or it could not be told: out again.
		if (!stays) for (const room of roomNames) await socket.leave(room);
	}
	return stays;
}

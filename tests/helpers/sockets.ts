import { io, type Socket } from 'socket.io-client';

export interface ConnectOptions {
	token?: string;
	origin?: string | null;
	/** Long-polling, as a browser falls back to; headers as a browser sends them. */
	polling?: boolean;
	fetchSite?: string;
	/** The loopback address the connection comes from (127.0.0.2, …), as a different device would. */
	from?: string;
}

/** A real socket.io client, configured like a browser tab on the app's origin. */
export function openSocket(
	appOrigin: string,
	{ token, origin = appOrigin, polling = false, fetchSite, from }: ConnectOptions = {}
): Socket {
	const headers: Record<string, string> = {};
	if (token) headers.cookie = `trellis_session=${token}`;
	if (origin) headers.origin = origin;
	if (fetchSite) headers['sec-fetch-site'] = fetchSite;
	return io(appOrigin, {
		transports: polling ? ['polling'] : ['websocket'],
		extraHeaders: headers,
		reconnection: false,
		forceNew: true,
		timeout: 5000,
		...fromAddress(from)
	});
}

/** Resolves on connect, rejects with the server's refusal message. */
export function connected(socket: Socket): Promise<void> {
	return new Promise((ok, fail) => {
		socket.once('connect', () => ok());
		socket.once('connect_error', (err) => fail(err));
	});
}

export function refusal(socket: Socket): Promise<string> {
	return new Promise((ok, fail) => {
		socket.once('connect', () => fail(new Error('connected, but should have been refused')));
		socket.once('connect_error', (err) => ok(err.message));
	});
}

export function disconnection(socket: Socket): Promise<string> {
	return new Promise((ok) => socket.once('disconnect', (reason) => ok(reason)));
}

export function nextEvent<T = unknown>(socket: Socket, event: string): Promise<T> {
	return new Promise((ok) => socket.once(event, (payload: T) => ok(payload)));
}

/**
 * socket.io's client passes `localAddress` on to the WebSocket it opens (its types do not name
 * it): the connection then comes from that address.
 */
export const fromAddress = (address: string | undefined) =>
	address ? ({ localAddress: address } as Record<string, unknown>) : {};

// What the app's shorter heartbeat costs: idle sockets on a bare socket.io server (the same
// relay the realtime baseline uses), once with socket.io's default ping settings and once with
// those the app announces in its handshake. Printed, never asserted: the figures depend on the
// machine. Part of npm run bench (see bench.js).
import { join } from 'node:path';
import { io } from 'socket.io-client';

const DEFAULT = { pingInterval: 25_000, pingTimeout: 20_000 };

/** The ping settings a server announces in its first answer (engine.io's handshake). */
async function announced(origin) {
	const res = await fetch(`${origin}/socket.io/?EIO=4&transport=polling`, { headers: { origin } });
	const { pingInterval, pingTimeout } = JSON.parse((await res.text()).slice(1));
	return { pingInterval, pingTimeout };
}

/** `count` connected sockets doing nothing, and how many pings they have received. */
async function idleSockets(origin, count) {
	const sockets = [];
	let pings = 0;
	for (let i = 0; i < count; i += 50)
		sockets.push(
			...(await Promise.all(
				Array.from({ length: Math.min(50, count - i) }, () => {
					const socket = io(origin, {
						transports: ['websocket'],
						extraHeaders: { origin },
						reconnection: false,
						forceNew: true
					});
					socket.io.on('ping', () => pings++);
					return new Promise((ok, fail) => {
						socket.once('connect', () => ok(socket));
						socket.once('connect_error', fail);
					});
				})
			))
		);
	return {
		pings: () => pings,
		close: () => sockets.forEach((s) => s.close())
	};
}

/**
 * For each setting: the server's CPU over a stretch of idle time and the heartbeat frames
 * (ping and pong) per minute. `tools` are the bench's own process helpers.
 */
export async function heartbeatCost(appOrigin, { sockets, seconds }, tools) {
	const app = await announced(appOrigin);
	const rows = [];
	for (const [name, beat] of [
		['socket.io default', DEFAULT],
		['the app', app]
	]) {
		const port = await tools.freePort();
		const relay = await tools.startProcess(
			[join(tools.root, 'scripts', 'bench-relay.js')],
			{
				PORT: String(port),
				PING_INTERVAL: String(beat.pingInterval),
				PING_TIMEOUT: String(beat.pingTimeout)
			},
			'relay listening'
		);
		const origin = `http://127.0.0.1:${port}`;
		const idle = await idleSockets(origin, sockets);
		try {
			// Settle after connecting, then measure a stretch of pure idleness (two of socket.io's
			// default intervals in a full run, so that both settings are counted whole).
			await tools.sleep(1_000);
			const [cpu, pings] = [tools.usage(relay.child.pid).cpu, idle.pings()];
			await tools.sleep(seconds * 1000);
			const cpuSeconds = tools.usage(relay.child.pid).cpu - cpu;
			const frames = (idle.pings() - pings) * 2;
			rows.push({
				setting: name,
				pingInterval: beat.pingInterval,
				pingTimeout: beat.pingTimeout,
				noticedWithinSeconds: (beat.pingInterval + beat.pingTimeout) / 1000,
				sockets,
				framesPerMinute: Math.round((frames * 60) / seconds),
				serverCpuMsPerMinute: Math.round((cpuSeconds * 1000 * 60) / seconds)
			});
		} finally {
			idle.close();
			await relay.stop();
		}
	}
	return rows;
}

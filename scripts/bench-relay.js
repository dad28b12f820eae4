// The benchmark's baseline: a bare socket.io relay with rooms of two, no sign-in and no
// storage, passing on the same payloads the app's conversations carry. PING_INTERVAL and
// PING_TIMEOUT choose its heartbeat (socket.io's defaults otherwise), to measure what one costs.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const server = createServer();
const heartbeat = process.env.PING_INTERVAL
	? {
			pingInterval: Number(process.env.PING_INTERVAL),
			pingTimeout: Number(process.env.PING_TIMEOUT)
		}
	: {};
const relay = new Server(server, heartbeat);
relay.on('connection', (socket) => {
	socket.on('join', (room, ack) => {
		void socket.join(room);
		ack({ ok: true });
	});
	let seq = 0;
	socket.on('msg', ({ room, text }, ack) => {
		seq++;
		relay.to(room).emit('msg', { room, seq, text });
		ack({ ok: true, data: { seq } });
	});
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('relay listening'));
process.on('SIGTERM', () => process.exit(0));

// The benchmark's baseline: a bare socket.io relay with rooms of two, no sign-in and no
// storage, passing on the same payloads the app's conversations carry.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const server = createServer();
const relay = new Server(server);
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

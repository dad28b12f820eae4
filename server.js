// Production entry: one http server for the SvelteKit handler and the live connection.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
// adapter-node reads these when the handler is first imported.
process.env.ORIGIN ??= `http://localhost:${port}`;
process.env.BODY_SIZE_LIMIT ??= '256K';

const buildDir = new URL('./build/', import.meta.url);
const { handler } = await import(new URL('handler.js', buildDir).href);

// The bundle's init() has run on import and exposed the attach function.
const attach = /** @type {((server: import('node:http').Server) => unknown) | undefined} */ (
	/** @type {Record<symbol, unknown>} */ (globalThis)[Symbol.for('trellis.realtime.attach')]
);
if (typeof attach !== 'function') {
	console.error(
		`The build in ${fileURLToPath(buildDir)} does not expose the realtime server; rebuild with npm run build.`
	);
	process.exit(1);
}

const server = createServer(handler);
attach(server);
server.listen(port, host, () => {
	const address = server.address();
	const actual = typeof address === 'object' && address ? address.port : port;
	console.log(
		JSON.stringify({
			at: new Date().toISOString(),
			level: 'info',
			event: 'listening',
			host,
			port: actual,
			origin: process.env.ORIGIN
		})
	);
});

let closing = false;
function shutdown() {
	if (closing) return;
	closing = true;
	server.close(() => process.exit(0));
	server.closeAllConnections();
	setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

import { sveltekit } from '@sveltejs/kit/vite';
import type { Server as HttpServer } from 'node:http';
import { defineConfig, type Plugin } from 'vitest/config';

type Attach = (server: HttpServer) => unknown;

/** Run `attach` once the server listens, and only once per http server. */
function whenListening(httpServer: HttpServer | null, attach: () => Promise<Attach | undefined>) {
	if (!httpServer) return;
	const marker = Symbol.for('trellis.realtime.attached');
	const run = async () => {
		const tagged = httpServer as HttpServer & { [marker]?: boolean };
		if (tagged[marker]) return;
		tagged[marker] = true;
		const fn = await attach();
		fn?.(httpServer);
	};
	if (httpServer.listening) void run();
	else httpServer.once('listening', () => void run());
}

/** Sockets in `vite dev` and `vite preview`, through the same attach function as production. */
function realtime(): Plugin {
	return {
		name: 'trellis-realtime',
		configureServer(server) {
			whenListening(server.httpServer as HttpServer | null, async () => {
				const mod = await server.ssrLoadModule('/src/lib/server/realtime/attach.ts');
				return mod.attachRealtime as Attach;
			});
		},
		configurePreviewServer(server) {
			// The preview server has run the bundle's init(), which exposes the attach function.
			whenListening(server.httpServer as HttpServer | null, async () => {
				const key = Symbol.for('trellis.realtime.attach');
				return (globalThis as Record<symbol, Attach | undefined>)[key];
			});
		}
	};
}

export default defineConfig({
	plugins: [sveltekit(), realtime()],
	test: {
		include: [
			'src/**/*.test.ts',
			'tests/integration/**/*.test.ts',
			'tests/resilience/**/*.test.ts'
		],
		environment: 'node',
		globalSetup: ['tests/setup/vitest-global.ts'],
		expect: { requireAssertions: true },
		testTimeout: 30_000,
		hookTimeout: 120_000,
		fileParallelism: true,
		maxWorkers: 2
	}
});

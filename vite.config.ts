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

/** The comment that asks V8 to compile a whole file as it arrives (Chromium 136 and later). */
export const COMPILE_HINT = '//# allFunctionsCalledOnLoad';

/**
 * Marks the browser's code that runs as a page opens (Svelte, SvelteKit's client, our pages and
 * components, and the live connection's client, which every signed-in page opens as soon as it is
 * up) for compiling as it arrives. Left alone, V8 compiles each function only when it is first
 * called, on the page's one thread, while the page is waking up; a file marked so is compiled off
 * that thread, while it downloads. Libraries mostly unused at that moment (the charts') are left
 * to compile as they are used.
 */
function compileHints(): Plugin {
	const framework =
		/node_modules\/(svelte|@sveltejs\/kit|esm-env|devalue|clsx|socket\.io-client|engine\.io-client|socket\.io-parser|engine\.io-parser|@socket\.io\/component-emitter)\//;
	const ours = (id: string) => !id.includes('node_modules') || framework.test(id);
	return {
		name: 'trellis-compile-hints',
		apply: 'build',
		enforce: 'post',
		// Last, after minifying (which would drop it) and after anything else is put before the
		// code: V8 looks for the comment at the very start of a file.
		generateBundle: {
			order: 'post',
			handler(_options, bundle) {
				if (this.environment.config.consumer !== 'client') return;
				for (const chunk of Object.values(bundle))
					if (chunk.type === 'chunk' && chunk.moduleIds.some(ours))
						chunk.code = `${COMPILE_HINT}\n${chunk.code}`;
			}
		}
	};
}

/**
 * What the PostgreSQL run leaves out: tests of SQLite itself (its file, its write-ahead log, its
 * backup, its group commit), of the build, and of the engines and nodes, which start their own
 * servers.
 */
const postgresExcludes = [
	'src/lib/server/db/sqlite.test.ts',
	'src/lib/server/db/schema-parity.test.ts',
	'tests/integration/backup.test.ts',
	'tests/integration/build.test.ts',
	'tests/integration/engines.test.ts',
	'tests/integration/group-commit.test.ts',
	'tests/integration/nodes.test.ts'
];

export default defineConfig({
	plugins: [sveltekit(), realtime(), compileHints()],
	test: {
		environment: 'node',
		globalSetup: ['tests/setup/vitest-global.ts'],
		expect: { requireAssertions: true },
		testTimeout: 30_000,
		hookTimeout: 120_000,
		fileParallelism: true,
		maxWorkers: 2,
		// The integration and resilience suites run twice: on SQLite (the default engine) and on
		// PostgreSQL, against a throwaway cluster the PostgreSQL run starts and stops.
		projects: [
			{
				extends: true,
				test: {
					name: 'sqlite',
					include: [
						'src/**/*.test.ts',
						'tests/integration/**/*.test.ts',
						'tests/resilience/**/*.test.ts'
					],
					// How the app talks to PostgreSQL, and what it does when PostgreSQL refuses it: the
					// postgres run's alone.
					exclude: ['src/lib/server/db/postgres.test.ts', 'tests/integration/outages.test.ts']
				}
			},
			{
				extends: true,
				test: {
					name: 'postgres',
					include: [
						'src/lib/server/**/*.test.ts',
						'tests/integration/**/*.test.ts',
						'tests/resilience/**/*.test.ts'
					],
					exclude: postgresExcludes,
					globalSetup: ['tests/setup/postgres-global.ts'],
					setupFiles: ['tests/setup/postgres-worker.ts']
				}
			}
		]
	}
});

// `npm start`: build when the build is missing or older than the sources, then serve.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'build', 'handler.js');
const inputs = ['src', 'static', 'drizzle', 'package.json', 'svelte.config.js', 'vite.config.ts'];

/** @param {string} path @returns {number} */
function newest(path) {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let latest = stat.mtimeMs;
	for (const entry of readdirSync(path)) {
		if (entry.endsWith('.test.ts')) continue; // tests are not part of the build
		latest = Math.max(latest, newest(join(path, entry)));
	}
	return latest;
}

export function buildIfNeeded() {
	const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
	const changedAt = Math.max(...inputs.map((p) => newest(join(root, p))));
	if (builtAt > changedAt) return;
	console.log('Building Trellis…');
	// Always a production build, even when started from a test runner (which sets NODE_ENV=test,
	// and Vite would then compile the components in development mode).
	const result = spawnSync(join(root, 'node_modules', '.bin', 'vite'), ['build'], {
		cwd: root,
		stdio: 'inherit',
		env: { ...process.env, NODE_ENV: 'production' }
	});
	if (result.status !== 0) process.exit(result.status ?? 1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	buildIfNeeded();
	await import('../server.js');
}

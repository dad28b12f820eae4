import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const routesDir = resolve(import.meta.dirname, '../../src/routes');

function walk(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? walk(path) : [path];
	});
}

export interface Route {
	path: string;
	actions: string[];
}

/** Every page and endpoint, read from the routes folder, so a new route is covered by default. */
export function routes(): Route[] {
	const found = new Map<string, Route>();
	for (const file of walk(routesDir)) {
		const name = file.split('/').at(-1)!;
		if (!['+page.svelte', '+server.ts', '+page.server.ts'].includes(name)) continue;
		const dir = relative(routesDir, file).split('/').slice(0, -1);
		const path = '/' + dir.filter((seg) => !/^\(.*\)$/.test(seg)).join('/');
		const route = found.get(path) ?? { path, actions: [] };
		if (name === '+page.server.ts') {
			const source = readFileSync(file, 'utf8');
			const block = source.split('export const actions')[1] ?? '';
			route.actions = [...block.matchAll(/^\t([a-zA-Z]+):/gm)].map((m) => m[1]!);
		}
		found.set(path, route);
	}
	return [...found.values()];
}

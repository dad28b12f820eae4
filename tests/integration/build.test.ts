import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPILE_HINT } from '../../vite.config';

function files(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : []
	);
}

describe('the build these tests run against', () => {
	it('is a production build: no component is compiled in development mode', () => {
		const server = files('build/server');
		expect(server.length).toBeGreaterThan(10);
		// A development build records each component's source file; a production build does not.
		const development = server.filter((f) =>
			/\] = "src\/[^"]*\.svelte";/.test(readFileSync(f, 'utf8'))
		);
		expect(development).toEqual([]);
	});

	it('marks the code a page runs as it opens for compiling as it arrives, and only that', () => {
		const client = files('build/client/_app/immutable');
		const hinted = (f: string) => readFileSync(f, 'utf8').startsWith(`${COMPILE_HINT}\n`);
		const containing = (text: string) =>
			client.filter((f) => readFileSync(f, 'utf8').includes(text));
		// SvelteKit's start, every page and layout, Svelte itself, our live connection's class and
		// the socket.io client it opens as soon as the page is up.
		const opening = [
			...client.filter((f) => /\/(entry|nodes)\//.test(f)),
			...containing('getAbortSignal()'),
			...containing('Not connected.'),
			...containing('parser error')
		];
		expect(opening.length).toBeGreaterThan(20);
		expect(opening.filter((f) => !hinted(f))).toEqual([]);
		// The charts' number formatting (d3's), mostly unused as a page opens, compiles as it is used.
		const library = containing('invalid format');
		expect(library.length).toBeGreaterThan(0);
		expect(library.filter(hinted)).toEqual([]);
		// Nowhere else in a file: V8 reads the comment only at the very start.
		const misplaced = client.filter((f) => readFileSync(f, 'utf8').indexOf(COMPILE_HINT) > 0);
		expect(misplaced).toEqual([]);
	});
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

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
});

// Makes sure a Chromium is available for the end-to-end tests (Debian's package; never a download).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function findChromium() {
	if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH))
		return process.env.CHROMIUM_PATH;
	for (const name of ['chromium', 'chromium-browser']) {
		const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
		if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
	}
	return null;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	if (!findChromium()) {
		if (process.getuid?.() === 0) {
			console.log('Installing Debian’s chromium for the end-to-end tests…');
			execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
			execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
				stdio: 'inherit',
				env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
			});
		}
		if (!findChromium()) {
			console.error(
				'The end-to-end tests need Chromium: install it (on Debian: sudo apt-get install chromium) or set CHROMIUM_PATH, then run npm test again.'
			);
			process.exit(1);
		}
	}
}

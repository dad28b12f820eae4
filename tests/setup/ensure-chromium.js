// Makes sure a Chromium is available for the end-to-end tests (Debian's packages; never a download).
// Debian's `chromium-headless-shell` is preferred: the same Chromium built for headless use only,
// which is what Playwright itself runs headless tests in, at about half the CPU. The full
// `chromium` browser is used when the shell is not installed. The full browser is needed as well
// for the one test of notifications, which the headless shell cannot show.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const NAMES = ['chromium-headless-shell', 'chromium', 'chromium-browser'];

/** How the tests launch Chromium here: headless, with nothing reaching out to the network. */
export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

export function findChromium() {
	if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH))
		return process.env.CHROMIUM_PATH;
	for (const name of NAMES) {
		const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
		if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
	}
	return null;
}

/**
 * Installs one Debian package as root; false when that is not possible here.
 * @param {string} name
 */
function aptInstall(name) {
	if (process.getuid?.() !== 0) return false;
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	try {
		execFileSync('apt-get', ['install', '-y', '-qq', name], { stdio: 'inherit', env });
	} catch {
		execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
		execFileSync('apt-get', ['install', '-y', '-qq', name], { stdio: 'inherit', env });
	}
	return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	if (!findChromium()) {
		console.log('Installing Debian’s chromium-headless-shell for the end-to-end tests…');
		try {
			aptInstall('chromium-headless-shell');
		} catch {
			console.log('chromium-headless-shell could not be installed; trying chromium…');
			try {
				aptInstall('chromium');
			} catch {
				// Reported below.
			}
		}
		if (!findChromium()) {
			console.error(
				'The end-to-end tests need Chromium: install it (on Debian: sudo apt-get install chromium-headless-shell, or chromium) or set CHROMIUM_PATH, then run npm test again.'
			);
			process.exit(1);
		}
	}
	const full = spawnSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' });
	if (!process.env.CHROMIUM_FULL_PATH && full.status !== 0) {
		console.log('Installing Debian’s chromium for the test of notifications…');
		try {
			aptInstall('chromium');
		} catch {
			// Reported by that test, which names what it needs.
		}
	}
}

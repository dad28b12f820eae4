// Draws the app's icons (PNG) from the same lattice as favicon.svg, with Chromium:
//   node scripts/icons.js
// Run again after changing the drawing; the PNGs are kept in static/icons/.
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

const green = '#3d6b5a';
const cream = '#f4efe6';
const lattice = (colour) =>
	`<path d="M9 7v18M16 7v18M23 7v18M6 12h20M6 20h20" stroke="${colour}" stroke-width="2" stroke-linecap="round" fill="none"/>`;

/** name, size in pixels, and the picture in a 32×32 box. */
const icons = [
	// Rounded, like the favicon: for browsers that show the icon as it is.
	['icon-192.png', 192, `<rect width="32" height="32" rx="7" fill="${green}"/>${lattice(cream)}`],
	['icon-512.png', 512, `<rect width="32" height="32" rx="7" fill="${green}"/>${lattice(cream)}`],
	// Full-bleed, the lattice inside the central safe circle: the phone cuts its own shape.
	[
		'maskable-512.png',
		512,
		`<rect width="32" height="32" fill="${green}"/><g transform="translate(16 16) scale(0.62) translate(-16 -16)">${lattice(cream)}</g>`
	],
	// iOS rounds the corners itself.
	[
		'apple-touch-icon.png',
		180,
		`<rect width="32" height="32" fill="${green}"/><g transform="translate(16 16) scale(0.8) translate(-16 -16)">${lattice(cream)}</g>`
	],
	// The small monochrome badge Android shows in the status bar.
	['badge-96.png', 96, lattice('#ffffff')]
];

const executablePath =
	process.env.CHROMIUM_PATH ?? execFileSync('sh', ['-c', 'command -v chromium']).toString().trim();
const browser = await chromium.launch({
	executablePath,
	args: ['--headless', '--no-sandbox', '--disable-gpu']
});
mkdirSync('static/icons', { recursive: true });
for (const [name, size, picture] of icons) {
	const page = await browser.newPage({ viewport: { width: size, height: size } });
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="${size}" height="${size}">${picture}</svg>`;
	await page.setContent(`<body style="margin:0;background:transparent">${svg}</body>`);
	await page.locator('svg').screenshot({ path: `static/icons/${name}`, omitBackground: true });
	await page.close();
	console.log(`static/icons/${name}`);
}
await browser.close();

// Lighthouse lab runs for `npm run bench`: a phone (Lighthouse's default mobile emulation and
// simulated throttling) loading each page cold, in Debian's Chromium. A logged-in page is loaded
// with the person's cookies in the browser, as a phone that has logged in keeps them: they go with
// every request the page makes, its live connection's included (a `Cookie` header Lighthouse adds
// would not reach the connection, which would then be refused and the page read again).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS } from '../tests/setup/ensure-chromium.js';

/** The full Chromium browser (Lighthouse drives it over the DevTools protocol). */
function chromiumPath() {
	if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
	for (const name of ['chromium', 'chromium-browser', 'chromium-headless-shell']) {
		const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
		if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
	}
	throw new Error('Chromium is missing: install Debian’s chromium package.');
}

const score = (category) =>
	category?.score === null || category?.score === undefined
		? null
		: Math.round(category.score * 100);

/** Runs per page (odd): a lab score moves by several points from run to run on a busy machine. */
export const RUNS = Number(process.env.TRELLIS_LIGHTHOUSE_RUNS ?? 5);

/** The run with the middle performance score of an odd number of runs. */
const median = (runs) =>
	[...runs].sort((a, b) => (a.performance ?? 0) - (b.performance ?? 0))[(runs.length - 1) >> 1];

/**
 * Each page audited RUNS times, one run after another, in one browser; each page's row is its
 * median run (Lighthouse's own advice for lab figures), with the spread of scores beside it.
 * @param {{ name: string, url: string, cookie?: string }[]} pages
 */
export async function audit(pages, runs = RUNS) {
	const chrome = await chromeLauncher.launch({
		chromePath: chromiumPath(),
		chromeFlags: CHROMIUM_ARGS,
		logLevel: 'silent'
	});
	const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
	const rows = [];
	try {
		for (const page of pages) {
			const tries = [];
			for (let i = 0; i < runs; i++) tries.push(await once(browser, chrome.port, page));
			const row = median(tries);
			const scores = tries.map((t) => t.performance ?? 0);
			rows.push({ ...row, lowest: Math.min(...scores), highest: Math.max(...scores) });
		}
	} finally {
		await browser.disconnect();
		await chrome.kill();
	}
	return rows;
}

/** The cookies of a `Cookie` header, set for the page's whole site. */
const cookiesOf = (header, url) =>
	header
		.split(/;\s*/)
		.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)])
		.filter(([name, value]) => name && value)
		.map(([name, value]) => ({ name, value, url: new URL('/', url).href, sameSite: 'Lax' }));

/** One Lighthouse run on one page, in a browser context of its own (its own cookies, no cache). */
async function once(browser, port, page) {
	const context = await browser.createBrowserContext();
	try {
		const tab = await context.newPage();
		if (page.cookie) await tab.setCookie(...cookiesOf(page.cookie, page.url));
		return report(
			page,
			await lighthouse(
				page.url,
				{
					port,
					output: 'json',
					logLevel: 'error',
					onlyCategories: ['performance', 'accessibility']
				},
				undefined,
				tab
			)
		);
	} finally {
		await context.close();
	}
}

/** The figures of one run. */
function report(page, result) {
	const lhr = result?.lhr;
	if (!lhr) throw new Error(`Lighthouse returned nothing for ${page.name}`);
	if (lhr.runtimeError) throw new Error(`${page.name}: ${lhr.runtimeError.message}`);
	// TRELLIS_LIGHTHOUSE_REPORTS=<folder> keeps every run's full report and trace, to see where time
	// goes.
	const keep = process.env.TRELLIS_LIGHTHOUSE_REPORTS;
	if (keep) {
		mkdirSync(keep, { recursive: true });
		const name = `${page.name.replace(/\W+/g, '-')}-${Date.now()}`;
		writeFileSync(join(keep, `${name}.json`), JSON.stringify(lhr));
		// And the page's trace, which shows every task on the page's thread.
		const trace = result.artifacts?.Trace;
		if (trace) writeFileSync(join(keep, `${name}.trace.json`), JSON.stringify(trace));
	}
	const audits = lhr.audits;
	const requests = audits['network-requests']?.details?.items ?? [];
	const scripts = requests.filter((r) => r.resourceType === 'Script');
	return {
		page: page.name,
		finalUrl: lhr.finalDisplayedUrl,
		performance: score(lhr.categories.performance),
		accessibility: score(lhr.categories.accessibility),
		fcpMs: Math.round(audits['first-contentful-paint']?.numericValue ?? NaN),
		lcpMs: Math.round(audits['largest-contentful-paint']?.numericValue ?? NaN),
		tbtMs: Math.round(audits['total-blocking-time']?.numericValue ?? NaN),
		cls: Number((audits['cumulative-layout-shift']?.numericValue ?? NaN).toFixed(3)),
		// A page that reads its data again while it loads (its connection refused, say) is measured
		// doing more than a phone would.
		readAgain: requests.some((r) => r.url.includes('__data.json')),
		scriptKbTransferred: Number(
			(scripts.reduce((sum, r) => sum + (r.transferSize ?? 0), 0) / 1024).toFixed(1)
		),
		failedAccessibility: Object.values(audits)
			.filter(
				(a) =>
					lhr.categories.accessibility.auditRefs.some((r) => r.id === a.id) &&
					a.score !== null &&
					a.score < 1
			)
			.map((a) => a.id)
	};
}

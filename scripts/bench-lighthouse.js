// Lighthouse lab runs for `npm run bench`: a phone (Lighthouse's default mobile emulation and
// simulated throttling) loading each page cold, in Debian's Chromium. A logged-in page is loaded
// with the person's session cookie sent along.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
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
	const rows = [];
	try {
		for (const page of pages) {
			const tries = [];
			for (let i = 0; i < runs; i++) tries.push(await once(chrome.port, page));
			const row = median(tries);
			const scores = tries.map((t) => t.performance ?? 0);
			rows.push({ ...row, lowest: Math.min(...scores), highest: Math.max(...scores) });
		}
	} finally {
		await chrome.kill();
	}
	return rows;
}

/** One Lighthouse run on one page. */
async function once(port, page) {
	const result = await lighthouse(page.url, {
		port,
		output: 'json',
		logLevel: 'error',
		onlyCategories: ['performance', 'accessibility'],
		extraHeaders: page.cookie ? { Cookie: page.cookie } : undefined
	});
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
	const scripts = (audits['network-requests']?.details?.items ?? []).filter(
		(r) => r.resourceType === 'Script'
	);
	return {
		page: page.name,
		finalUrl: lhr.finalDisplayedUrl,
		performance: score(lhr.categories.performance),
		accessibility: score(lhr.categories.accessibility),
		fcpMs: Math.round(audits['first-contentful-paint']?.numericValue ?? NaN),
		lcpMs: Math.round(audits['largest-contentful-paint']?.numericValue ?? NaN),
		tbtMs: Math.round(audits['total-blocking-time']?.numericValue ?? NaN),
		cls: Number((audits['cumulative-layout-shift']?.numericValue ?? NaN).toFixed(3)),
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

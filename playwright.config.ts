import { defineConfig } from '@playwright/test';
import { execSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, findChromium } from './tests/setup/ensure-chromium.js';

// This file is evaluated again in every worker: choose the port and database once.
if (!process.env.E2E_PORT) {
	process.env.E2E_PORT = execSync(
		`node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"`
	)
		.toString()
		.trim();
	process.env.E2E_DB = join(mkdtempSync(join(tmpdir(), 'trellis-e2e-')), 'e2e.db');
}
const port = process.env.E2E_PORT;
const origin = `http://127.0.0.1:${port}`;

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: true,
	// Each test drives two or three browsers against one server, which keeps two cores busy:
	// one test per two cores finishes the suite as soon and keeps every test far from its limit.
	workers: Math.max(1, Math.floor(availableParallelism() / 2)),
	forbidOnly: true,
	retries: 0,
	timeout: 30_000,
	expect: { timeout: 10_000 },
	reporter: [['list']],
	use: {
		baseURL: origin,
		trace: 'off',
		launchOptions: {
			executablePath: findChromium() ?? undefined,
			args: CHROMIUM_ARGS
		}
	},
	webServer: {
		command: 'node scripts/start.js',
		url: `${origin}/healthz`,
		reuseExistingServer: false,
		timeout: 180_000,
		env: {
			PORT: port!,
			HOST: '127.0.0.1',
			ORIGIN: origin,
			DATABASE_PATH: process.env.E2E_DB!,
			LOG_LEVEL: 'warn',
			// Notifications gather for half a second here, not minutes.
			NOTIFY_BATCH_MS: '500',
			NOTIFY_INTERVAL_MS: '250'
		}
	}
});

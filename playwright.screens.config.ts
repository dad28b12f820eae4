import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// `npm run screens`: the main screens as a couple sees them on a phone (what a 390×844 screen
// shows), written as PNG files into SCREENS_DIR (default screens/). Not part of npm test.
export default defineConfig({
	...base,
	testDir: 'tests/screens',
	workers: 1,
	timeout: 120_000
});

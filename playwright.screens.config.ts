import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// `npm run screens -- <folder>`: the main screens at a phone's size, as a couple sees them,
// written as PNG files into SCREENS_DIR. Not part of npm test.
export default defineConfig({
	...base,
	testDir: 'tests/screens',
	workers: 1,
	timeout: 120_000
});

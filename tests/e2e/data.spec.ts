import { expect, test } from '@playwright/test';
import { PASSWORD } from './helpers';
import { alone, deviceOf, someone } from './fixtures';

test('sensitive pages are not cached, and nothing of what is written stays in the browser after log-out', async ({
	browser
}) => {
	const { page, spaceUrl } = await alone(browser, 'Noor');
	const journal = await page.goto(`${spaceUrl}/journal/new`);
	expect(journal!.headers()['cache-control']).toContain('no-store');
	const data = await page.request.get(`${spaceUrl}/journal/__data.json`);
	expect(data.headers()['cache-control']).toContain('no-store');

	await page.getByLabel('Note').fill('Words still being written');
	await expect
		.poll(() =>
			page.evaluate(
				() => Object.keys(sessionStorage).filter((k) => k.startsWith('trellis-draft:')).length
			)
		)
		.toBeGreaterThan(0);
	expect(await page.evaluate(() => localStorage.length)).toBe(0);
	// The service worker (for notifications) keeps no cache of pages or data.
	await page.evaluate(() => navigator.serviceWorker.ready);
	expect(await page.evaluate(async () => (await caches.keys()).length)).toBe(0);

	await page.getByRole('button', { name: 'Log out' }).click();
	await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();
	expect(
		await page.evaluate(() =>
			Object.keys(sessionStorage).filter((k) => k.startsWith('trellis-draft:'))
		)
	).toEqual([]);
	expect(await page.evaluate(() => localStorage.length)).toBe(0);
	expect(await page.evaluate(async () => (await caches.keys()).length)).toBe(0);
});

test('deleting an account explains itself, asks for the password, and says goodbye', async ({
	browser
}) => {
	const page = await deviceOf(browser, await someone('Dana'));
	await page.goto('/account');
	await page.getByRole('link', { name: 'Delete my account…' }).click();
	await expect(page.getByRole('heading', { name: 'What this does' })).toBeVisible();
	await page.getByLabel('Password').fill('not my password');
	await page.getByRole('button', { name: 'Delete my account' }).click();
	await expect(
		page.getByText('That password was not right. Nothing has been deleted.')
	).toBeVisible();
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Delete my account' }).click();
	await expect(page.getByRole('heading', { name: 'Your account has been deleted' })).toBeVisible();
	await page.goto('/home');
	await expect(page).toHaveURL(/\/login/);
});

import { expect, test } from '@playwright/test';
import { expectAccessible, signUp, PASSWORD } from './helpers';

test('sensitive pages are not cached, and nothing of what is written stays in the browser after log-out', async ({ page }) => {
	await signUp(page, 'Noor');
	await page.getByRole('button', { name: 'Create space' }).click();
	await expect(page).toHaveURL(/\/spaces\/[a-z0-9]+$/);
	const spaceUrl = page.url();
	const journal = await page.goto(`${spaceUrl}/journal/new`);
	expect(journal!.headers()['cache-control']).toContain('no-store');
	const data = await page.request.get(`${spaceUrl}/journal/__data.json`);
	expect(data.headers()['cache-control']).toContain('no-store');

	await page.getByLabel('Note').fill('Words still being written');
	await expect.poll(() => page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('trellis-draft:')).length)).toBeGreaterThan(0);
	expect(await page.evaluate(() => localStorage.length)).toBe(0);
	expect(await page.evaluate(async () => (navigator.serviceWorker ? (await navigator.serviceWorker.getRegistrations()).length : 0))).toBe(0);

	await page.getByRole('button', { name: 'Log out' }).click();
	await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();
	expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('trellis-draft:')))).toEqual([]);
	expect(await page.evaluate(() => localStorage.length)).toBe(0);
});

test('deleting an account explains itself, asks for the password, and says goodbye', async ({ page }) => {
	await signUp(page, 'Dana');
	await page.goto('/account');
	await page.getByRole('link', { name: 'Delete my account…' }).click();
	await expect(page.getByRole('heading', { name: 'What this does' })).toBeVisible();
	await expectAccessible(page);
	await page.getByLabel('Password').fill('not my password');
	await page.getByRole('button', { name: 'Delete my account' }).click();
	await expect(page.getByText('That password was not right. Nothing has been deleted.')).toBeVisible();
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Delete my account' }).click();
	await expect(page.getByRole('heading', { name: 'Your account has been deleted' })).toBeVisible();
	await expectAccessible(page);
	await page.goto('/home');
	await expect(page).toHaveURL(/\/login/);
});

import { expect, test } from '@playwright/test';
import { NEUTRAL, stubNeutralSite } from './helpers';
import { deviceOf, someone } from './fixtures';

test.beforeEach(async ({ context }) => stubNeutralSite(context));

test('Quick exit is the first thing the keyboard reaches, and leaves at once', async ({ page }) => {
	await page.goto('/login');
	await page.keyboard.press('Tab');
	await expect(page.getByRole('link', { name: 'Quick exit' })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(NEUTRAL);
});

test('Quick exit replaces the history entry, so Back does not return to the app', async ({
	page
}) => {
	await page.goto('/resources');
	await page.goto('/login');
	// Replacing the history entry needs the page's script; before it runs, the link simply leaves.
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.getByRole('link', { name: 'Quick exit' }).click();
	await expect(page).toHaveURL(NEUTRAL);
	await page.goBack();
	await expect(page).toHaveURL(/\/resources$/);
});

test('pressing Escape twice leaves a signed-in page', async ({ browser }) => {
	const page = await deviceOf(browser, await someone('Eli'));
	await stubNeutralSite(page.context());
	await page.goto('/home');
	await expect(page.getByRole('heading', { name: 'Welcome, Eli' })).toBeVisible();
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.keyboard.press('Escape');
	await page.keyboard.press('Escape');
	await expect(page).toHaveURL(NEUTRAL);
});

test('a single Escape does nothing', async ({ page }) => {
	await page.goto('/resources');
	await page.keyboard.press('Escape');
	await expect(page.getByRole('heading', { name: 'Support and crisis lines' })).toBeVisible();
	await expect(page).toHaveURL(/\/resources$/);
});

test('every page says plainly it is not therapy and links to crisis lines', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByRole('contentinfo')).toContainText('not therapy');
	await page
		.getByRole('contentinfo')
		.getByRole('link', { name: 'Support and crisis lines' })
		.click();
	await expect(page.getByRole('heading', { name: 'Support and crisis lines' })).toBeVisible();
	await expect(page.getByText('988').first()).toBeVisible();
});

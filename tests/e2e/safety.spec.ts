import { expect, test } from '@playwright/test';
import { NEUTRAL, PASSWORD, stubNeutralSite } from './helpers';
import { alone, deviceOf, someone } from './fixtures';

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

test('after Quick exit, Back never shows Trellis again, and the old address asks for the password', async ({
	browser
}) => {
	const { me, page, spaceUrl } = await alone(browser, 'Noa');
	await stubNeutralSite(page.context());
	await page.goto(spaceUrl);
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	// Moving about inside Trellis, by links and by a form, keeps to one history entry.
	await page.getByRole('link', { name: 'My journal' }).click();
	await page.getByRole('link', { name: 'New note' }).click();
	await expect(page).toHaveURL(/\/journal\/new$/);
	const writing = page.url();
	await page.getByLabel('Note', { exact: true }).fill('words nobody else may see');
	await page.getByRole('link', { name: 'Quick exit' }).click();
	await expect(page).toHaveURL(NEUTRAL);

	for (let i = 0; i < 4; i++) {
		await page.goBack();
		const seen = (await page.content()) + page.url();
		for (const trace of ['Trellis', me.name, 'words nobody else may see', spaceUrl])
			expect(seen).not.toContain(trace);
	}

	await page.goto(writing);
	await expect(page.getByRole('heading', { name: 'Trellis is locked' })).toBeVisible();
	await expect(page.locator('body')).not.toContainText(me.name);
	await expect(page.getByLabel('Password')).toBeVisible();
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Unlock' }).click();
	await expect(page).toHaveURL(writing);
	// The tab's copy of the draft went with Quick exit.
	await expect(page.getByLabel('Note', { exact: true })).not.toHaveValue(
		'words nobody else may see'
	);
});

test('a device left alone locks itself, shows only Unlock, and hears nothing meanwhile', async ({
	browser
}) => {
	const { me, page, spaceUrl } = await alone(browser, 'Ivo');
	await page.clock.install();
	await page.goto(spaceUrl);
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await expect(page.getByRole('status', { name: 'Live updates: Connected' })).toBeVisible();
	// Fourteen minutes of reading, then a key pressed, and fourteen more: still open.
	await page.clock.fastForward('14:00');
	await page.keyboard.press('Shift');
	await page.clock.fastForward('14:00');
	await expect(page).toHaveURL(spaceUrl);
	// Then left alone past the quarter of an hour.
	await page.clock.fastForward('16:00');
	await expect(page.getByRole('heading', { name: 'Trellis is locked' })).toBeVisible();
	await expect(page.locator('body')).not.toContainText(me.name);
	await expect(page.getByRole('button', { name: 'Unlock' })).toBeVisible();
	await expect(page.getByRole('status', { name: /^Live updates/ })).toHaveCount(0);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Unlock' }).click();
	await expect(page).toHaveURL(spaceUrl);
	await expect(page.locator('body')).toContainText(me.name);
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

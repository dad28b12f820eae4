import { expect, test } from '@playwright/test';
import { expectAccessible, signUp } from './helpers';

const publicPages = ['/', '/signup', '/login', '/resources', '/breathe', '/no-such-page'];
const memberPages = ['/home', '/account', '/account/devices', '/logout'];

for (const path of publicPages) {
	test(`no axe violations on ${path}`, async ({ page }) => {
		await page.goto(path);
		await expect(page.getByRole('link', { name: 'Quick exit' })).toBeVisible();
		await expectAccessible(page);
	});
}

test('no axe violations on the signed-in pages, on a phone-sized screen too', async ({ page }) => {
	test.slow(); // eight full scans, one of them of the account page's long list of time zones
	await signUp(page, 'Avery');
	for (const width of [1280, 360]) {
		await page.setViewportSize({ width, height: 800 });
		for (const path of memberPages) {
			await page.goto(path);
			await expect(page.getByRole('main')).toBeVisible();
			await expectAccessible(page);
		}
	}
});

test('sign-up with errors stays accessible', async ({ page }) => {
	await page.goto('/signup');
	await page.getByRole('button', { name: 'Create account' }).click({ noWaitAfter: true });
	// Native validation keeps the form; submit with invalid values through the server instead.
	await page.getByLabel('Email').fill('x@y.z');
	await page.getByLabel('Display name').fill('Y');
	await page.getByLabel('Password').fill('short12345');
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page.getByRole('alert')).not.toBeEmpty();
	await expectAccessible(page);
});

test('nothing scrolls sideways at 360 px', async ({ page }) => {
	await page.setViewportSize({ width: 360, height: 740 });
	for (const path of publicPages) {
		await page.goto(path);
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		expect(overflow, path).toBeLessThanOrEqual(0);
	}
});

test('the keyboard keeps its place when a form is answered in place, and while a form is on its way', async ({ page }) => {
	await signUp(page, 'Kai');
	await page.getByRole('button', { name: 'Create space' }).click();
	const save = page.getByRole('button', { name: 'Save perspective' });
	await save.focus();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
	await expect(save).toBeFocused();

	// A refused log-in: the button rests while sending but keeps the focus, and is there after.
	await page.getByRole('button', { name: 'Log out' }).click();
	await page.getByLabel('Email').fill('nobody-here@example.com');
	await page.getByLabel('Password').fill('not the right one at all');
	const logIn = page.getByRole('button', { name: 'Log in' });
	await logIn.focus();
	await page.keyboard.press('Enter');
	await expect(page.getByText("That email and password don't match.")).toBeVisible();
	await expect(logIn).toBeFocused();
});

import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectStatus } from '../helpers/http';
import { writeNote } from '../helpers/notes';
import { createSpace, join } from '../helpers/spaces';
import { alone, deviceOf, origin, someone } from './fixtures';

/** A phone held upright: where most people open the journal. */
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true };

/** Two partners in a space (agreements and conversations need both), the first with a phone. */
async function partnersWithPhone(browser: Browser, name: string) {
	const me = await someone(name);
	const { spaceId, invite } = await createSpace(me);
	await expectStatus(await join(await someone(`${name}'s partner`), invite.token), 303);
	return { page: await deviceOf(browser, me, PHONE), spaceUrl: `${origin}/spaces/${spaceId}` };
}

const hydrated = (page: Page) => page.locator('html[data-hydrated]').waitFor({ state: 'attached' });

test('a saved note opens to read, and Edit leads to its words in the box', async ({ browser }) => {
	const { me, page, spaceId, spaceUrl } = await alone(browser, 'Rae', PHONE);
	await writeNote(me, spaceId, { body: 'A long evening, written down.' });
	await page.goto(`${spaceUrl}/journal`);
	await page.getByRole('link', { name: /^Free note · / }).tap();
	// To read: the words, what kind of note it is, and no box to type in.
	await expect(page.getByRole('heading', { level: 1, name: 'Free note' })).toBeVisible();
	await expect(page.getByText('A long evening, written down.')).toBeVisible();
	await expect(page.getByText('Saved.', { exact: true })).toHaveCount(0);
	await expect(page.getByRole('textbox')).toHaveCount(0);
	await expect(page.getByText('Private.')).toBeVisible();

	await page.getByRole('link', { name: 'Edit', exact: true }).tap();
	const box = page.getByLabel('Note', { exact: true });
	await expect(box).toHaveValue('A long evening, written down.');
	await hydrated(page);
	await box.press('Control+End');
	await box.pressSequentially(' Then sleep.');
	await page.getByRole('button', { name: 'Save' }).tap();
	await expect(page.getByText('Saved.', { exact: true })).toBeVisible();
	await expect(page.getByText('A long evening, written down. Then sleep.')).toBeVisible();
	await expect(page).toHaveURL(/\/journal\/[a-z0-9]+\?saved=1$/);
	await page.context().close();
});

test('feelings are chips, ticked by a tap or the keyboard, and the intensity shows its value as it moves', async ({
	browser
}) => {
	const { page, spaceUrl } = await alone(browser, 'Emi', PHONE);
	await page.goto(`${spaceUrl}/journal`);
	// The writing tools are one short list: each a link with its purpose beside it.
	const tools = page.getByRole('navigation', { name: 'Write' }).getByRole('listitem');
	await expect(tools).toHaveCount(7);
	await page.getByRole('link', { name: 'Emotion check-in', exact: true }).tap();
	await hydrated(page);

	const fear = page.getByRole('group', { name: 'Fear' });
	const anxious = fear.getByRole('checkbox', { name: 'Anxious' });
	const chip = fear.locator('label', { hasText: 'Anxious' });
	// A chip is big enough for a thumb.
	expect((await chip.boundingBox())!.height).toBeGreaterThanOrEqual(44);
	await chip.tap();
	await expect(anxious).toBeChecked();
	await chip.tap();
	await expect(anxious).not.toBeChecked();
	await chip.tap();

	// By keyboard: Tab reaches a chip, its focus is seen, Space ticks it.
	const lonely = page.getByRole('checkbox', { name: 'Lonely' });
	await page.getByRole('checkbox', { name: 'Sad', exact: true }).focus();
	await page.keyboard.press('Tab');
	await expect(lonely).toBeFocused();
	await expect(page.locator('label', { hasText: 'Lonely' }).locator('span')).toHaveCSS(
		'outline-style',
		'solid'
	);
	await page.keyboard.press('Space');
	await expect(lonely).toBeChecked();

	const slider = page.getByLabel('How strong is it right now? (0 to 10)');
	const value = page.locator('output[for="field-intensity"]');
	await expect(value).toHaveText('5 quite strong');
	await slider.press('ArrowRight');
	await slider.press('ArrowRight');
	await expect(value).toHaveText('7 strong');
	await expect(slider).toHaveAttribute('aria-valuetext', '7 out of 10, strong');
	await page.getByRole('button', { name: 'Save' }).tap();
	await expect(page.getByText('Saved.', { exact: true })).toBeVisible();
	await expect(page.getByText('Anxious, Lonely')).toBeVisible();
	await expect(page.getByText('7 out of 10')).toBeVisible();
	await page.context().close();
});

test('without scripts, the chips are still checkboxes and the scale is in words', async ({
	browser
}) => {
	const { page, spaceUrl } = await alone(browser, 'Nell', { ...PHONE, javaScriptEnabled: false });
	await page.goto(`${spaceUrl}/journal/new?kind=emotion`);
	await expect(page.getByText('0: barely there')).toBeVisible();
	await expect(page.getByText('10: as strong as it gets')).toBeVisible();
	await page.locator('label', { hasText: 'Grieving' }).tap();
	await page.getByRole('button', { name: 'Save' }).tap();
	await expect(page.getByText('Saved.', { exact: true })).toBeVisible();
	await expect(page.getByText('Grieving', { exact: true })).toBeVisible();
	await expect(page.getByText('5 out of 10')).toBeVisible();
	await page.context().close();
});

test('a time zone is found by searching, with its offset, under its current name', async ({
	browser
}) => {
	const page = await deviceOf(browser, await someone('Olek'), PHONE);
	await page.goto('/account');
	await hydrated(page);
	const zone = page.getByRole('combobox', { name: 'Time zone' });
	await page.getByLabel('Find a time zone').fill('Kiev');
	await expect(page.getByText('1 time zone matches.')).toBeVisible();
	await expect(zone).toHaveValue('Europe/Kyiv');
	await expect(zone.locator('option:checked')).toHaveText(/^Europe\/Kyiv \(UTC\+0[23]:00\)$/);
	await page.getByRole('button', { name: 'Save time zone' }).tap();
	await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
	await page.reload();
	await expect(page.getByRole('combobox', { name: 'Time zone' })).toHaveValue('Europe/Kyiv');

	// An offset finds every zone at it; the old name is nowhere in the list.
	await hydrated(page);
	await page.getByLabel('Find a time zone').fill('+05:30');
	await expect(zone.locator('option', { hasText: 'Asia/Kolkata (UTC+05:30)' })).toHaveCount(1);
	await expect(zone.locator('option', { hasText: 'Calcutta' })).toHaveCount(0);
	await page.context().close();
});

/** The font size of every visible field on the page, in px. */
const fieldSizes = (page: Page) =>
	page
		.locator('input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea')
		.evaluateAll((els) =>
			els
				.filter((el) => (el as HTMLElement).offsetParent !== null)
				.map((el) => ({
					field: el.getAttribute('name') ?? el.id,
					size: parseFloat(getComputedStyle(el).fontSize)
				}))
		);

test('every field reads at 16 px or more, so a phone does not zoom in on it', async ({
	browser
}) => {
	const { page, spaceUrl } = await partnersWithPhone(browser, 'Ines');
	for (const path of [
		'/account',
		`${spaceUrl}/journal/new?kind=thought`,
		`${spaceUrl}/journal/new?kind=emotion`,
		`${spaceUrl}/agreements/new`,
		`${spaceUrl}/conversations/new`
	]) {
		await page.goto(path);
		const sizes = await fieldSizes(page);
		expect(sizes.length, path).toBeGreaterThan(0);
		for (const { field, size } of sizes)
			expect(size, `${path} ${field}`).toBeGreaterThanOrEqual(16);
	}
	await page.context().close();
	const visitor = await browser.newPage(PHONE);
	await visitor.goto('/signup');
	for (const { field, size } of await fieldSizes(visitor))
		expect(size, `/signup ${field}`).toBeGreaterThanOrEqual(16);
	await visitor.close();
});

test("an agreement's title is a field like every other", async ({ browser }) => {
	const { page, spaceUrl } = await partnersWithPhone(browser, 'Tove');
	await page.goto(`${spaceUrl}/agreements/new`);
	const look = (label: string) =>
		page.getByLabel(label, { exact: true }).evaluate((el) => {
			const s = getComputedStyle(el);
			return {
				border: `${s.borderTopWidth} ${s.borderTopStyle} ${s.borderTopColor}`,
				radius: s.borderTopLeftRadius,
				padding: `${s.paddingTop} ${s.paddingLeft}`,
				font: `${s.fontSize} ${s.fontFamily}`,
				background: s.backgroundColor,
				width: el.getBoundingClientRect().width
			};
		});
	await expect(page.getByLabel('Title', { exact: true })).toHaveAttribute('type', 'text');
	expect(await look('Title')).toEqual(await look('Details'));
	await page.context().close();
});

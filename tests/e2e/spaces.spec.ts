import { expect, test, type Page } from '@playwright/test';
import { createSpace } from '../helpers/spaces';
import { confirmAndLogIn, PASSWORD, signUp, uniqueEmail } from './helpers';
import { deviceOf, NAMES, scene, someone } from './fixtures';

function whosHere(page: Page) {
	return page.getByRole('list', { name: "Who's here" });
}

test('a partner starts a space and invites the other, who signs up from the link and joins', async ({
	browser
}) => {
	const [a, b] = await Promise.all([
		browser.newContext().then((c) => c.newPage()),
		browser.newContext().then((c) => c.newPage())
	]);
	await signUp(a, 'Alex');
	await a.getByLabel('Name of the space').fill('Sunday table');
	await a.getByRole('radio', { name: 'I was hurt' }).check();
	await a
		.getByRole('group', { name: 'Do you feel safe with your partner?' })
		.getByRole('radio', { name: 'Yes' })
		.check();
	await a.getByRole('button', { name: 'Create space' }).click();
	await expect(a.getByRole('heading', { name: 'Sunday table' })).toBeVisible();
	const link = await a.getByLabel('Invite link').inputValue();
	expect(link).toMatch(/\/join\/[a-z0-9]{24}$/);

	// B opens the link logged out, signs up from it and lands back on the join screen.
	await b.goto(link);
	await b.getByRole('link', { name: 'Create an account' }).click();
	const blake = uniqueEmail('blake');
	await b.getByLabel('Email').fill(blake);
	await b.getByLabel('Display name').fill('Blake');
	await b.getByLabel('Password').fill(PASSWORD);
	await b.getByRole('button', { name: 'Create account' }).click();
	// The mailed link confirms B's address and leads, through logging in, back to the invite.
	await confirmAndLogIn(b, blake);
	await expect(b.getByRole('heading', { name: 'Join Sunday table' })).toBeVisible();
	await b.getByRole('radio', { name: 'I caused the hurt' }).check();
	await b
		.getByRole('group', { name: 'Do you feel safe with your partner?' })
		.getByRole('radio', { name: 'Not sure' })
		.check();
	await b.getByRole('button', { name: 'Join space' }).click();

	// B's "not sure" brings support at once, and B stays in control.
	await expect(b.getByRole('heading', { name: 'Support for you' })).toBeVisible();
	await b.getByRole('link', { name: 'Continue to Sunday table' }).click();

	// Both see each other online, live, and the invitation has done its work.
	await expect(whosHere(b).getByRole('listitem').filter({ hasText: 'Alex' })).toContainText(
		'online'
	);
	await expect(whosHere(a).getByRole('listitem').filter({ hasText: 'Blake' })).toContainText(
		'online'
	);
	await expect(a.getByRole('heading', { name: 'Invite your partner' })).toHaveCount(0);
	await Promise.all([a.context().close(), b.context().close()]);
});

test('a new invite link stays in view when the live connection comes back and the page reloads what it shows', async ({
	browser
}) => {
	const a = await deviceOf(browser, await someone('Alex'));
	await a.goto('/home');
	await a.getByRole('button', { name: 'Create space' }).click();
	const link = await a.getByLabel('Invite link').inputValue();
	expect(link).toMatch(/\/join\/[a-z0-9]{24}$/);
	await expect(a.getByRole('status', { name: 'Live updates: Connected' })).toBeVisible();

	await a.context().setOffline(true);
	await expect(a.getByRole('status', { name: /Reconnecting/ })).toBeVisible();
	const reloaded = a.waitForResponse((res) => res.url().includes('/__data.json'));
	await a.context().setOffline(false);
	await reloaded;
	await expect(a.getByRole('status', { name: 'Live updates: Connected' })).toBeVisible();
	await expect(a.getByLabel('Invite link')).toHaveValue(link);
	await a.context().close();
});

test('each partner sees, live, whether the other has the space open', async ({ browser }) => {
	const { a, b, spaceUrl, close } = await scene(browser);
	await Promise.all([a.goto(spaceUrl), b.goto(spaceUrl)]);
	await expect(whosHere(a).getByRole('listitem').filter({ hasText: NAMES.b })).toContainText(
		'online'
	);
	await expect(whosHere(b).getByRole('listitem').filter({ hasText: NAMES.a })).toContainText(
		'online'
	);

	await b.goto('/home');
	await expect(whosHere(a).getByRole('listitem').filter({ hasText: NAMES.b })).toContainText(
		'away'
	);
	await b.goBack();
	await expect(whosHere(a).getByRole('listitem').filter({ hasText: NAMES.b })).toContainText(
		'online'
	);
	await close();
});

test('a counselor joins only once both partners have approved, and the page turns into the space live', async ({
	browser
}) => {
	const { a, b, spaceUrl, close } = await scene(browser);
	const counselor = await someone(NAMES.c, 'counselor');
	const c = await deviceOf(browser, counselor);
	await Promise.all([a.goto(`${spaceUrl}/settings`), b.goto(`${spaceUrl}/settings`)]);

	await a.getByRole('button', { name: 'Invite a counselor' }).click();
	const counselorLink = await a.getByLabel('Counselor invite link').inputValue();
	await c.goto(counselorLink);
	await c.getByRole('button', { name: 'Join space' }).click();
	await expect(c.getByText('Both partners need to approve you first')).toBeVisible();

	await a.getByRole('button', { name: `Approve ${NAMES.c}` }).click();
	await expect(a.getByText('You have approved')).toBeVisible();
	await expect(b.getByText('Your partner has approved')).toBeVisible();
	await expect(c.getByText('Both partners need to approve you first')).toBeVisible();
	await expect(whosHere(c)).toHaveCount(0);

	await b.getByRole('button', { name: `Approve ${NAMES.c}` }).click();
	await expect(whosHere(c).getByRole('listitem').filter({ hasText: NAMES.a })).toContainText(
		'online'
	);
	await expect(a.getByText(`${NAMES.c} is your counselor`)).toBeVisible();
	await Promise.all([close(), c.context().close()]);
});

test("a partner's safety answer shows nowhere for the other partner or the counselor", async ({
	browser
}) => {
	const { a, c, spaceUrl, close } = await scene(browser, {
		counselor: true,
		joining: { perspective: 'caused', safety: 'not_sure' }
	});
	for (const page of [a, c]) {
		await page.goto(spaceUrl);
		await expect(whosHere(page).getByRole('listitem').filter({ hasText: NAMES.b })).toBeVisible();
		await expect(page.getByText('Not sure', { exact: true })).toHaveCount(0);
		await expect(page.getByText('Support for you')).toHaveCount(0);
	}
	// A's own safety page shows A's own answer, and nothing of B's.
	await a.goto(`${spaceUrl}/safety`);
	await expect(a.getByRole('radio', { name: 'Yes' })).toBeChecked();
	await expect(a.getByRole('heading', { name: 'Support for you' })).toHaveCount(0);
	await close();
});

test('a partner who leaves closes the space, and the other sees it live and kindly', async ({
	browser
}) => {
	const { a, b, spaceUrl, close } = await scene(browser);
	await Promise.all([a.goto(spaceUrl), b.goto(`${spaceUrl}/more`)]);
	await expect(a.getByRole('heading', { name: 'Next step' })).toBeVisible();
	await b.getByRole('link', { name: 'Leave this space' }).click();
	await b.getByRole('button', { name: 'Leave space' }).click();
	await expect(b.getByRole('heading', { name: /Welcome/ })).toBeVisible();
	await expect(a.getByText('Your partner has left this space, so it is now closed')).toBeVisible();
	await expect(a.getByRole('heading', { name: 'Next step' })).toHaveCount(0);
	await close();
});

test('joining by code, and a clear refusal for a used invite', async ({ browser }) => {
	const ari = await someone('Ari');
	const { invite } = await createSpace(ari);
	const [b, x] = await Promise.all([
		someone('Bo').then((p) => deviceOf(browser, p)),
		someone('Xen').then((p) => deviceOf(browser, p))
	]);

	await b.goto('/home');
	await b.getByRole('link', { name: 'Join with an invite code' }).click();
	await b.getByLabel('Invite code').fill(invite.code.toLowerCase());
	await b.getByRole('button', { name: 'Continue' }).click();
	await b.getByRole('button', { name: 'Join space' }).click();
	await expect(whosHere(b).getByRole('listitem').filter({ hasText: 'Ari' })).toBeVisible();

	await x.goto(`/join/${invite.token}`);
	await expect(x.getByRole('heading', { name: 'This invite cannot be used' })).toBeVisible();
	await expect(x.getByText('already been used')).toBeVisible();
	await expect(x.getByText('Ari')).toHaveCount(0);
	await Promise.all([b.context().close(), x.context().close()]);
});

test('a withdrawn invite leaves the page at once, and a new one can be made', async ({
	browser
}) => {
	const page = await deviceOf(browser, await someone('Wren'));
	await page.goto('/home');
	await page.getByLabel('Name of the space').fill('Quiet corner');
	await page.getByRole('radio', { name: 'I was hurt' }).check();
	await page
		.getByRole('group', { name: 'Do you feel safe with your partner?' })
		.getByRole('radio', { name: 'Yes' })
		.check();
	await page.getByRole('button', { name: 'Create space' }).click();
	const first = await page.getByLabel('Invite link').inputValue();
	await page.getByRole('button', { name: 'Withdraw invite' }).click();
	await expect(page.getByLabel('Invite link')).toHaveCount(0);
	// Coming back to the page does not bring the withdrawn link back.
	const places = page.getByRole('navigation', { name: 'This space', exact: true });
	await places.getByRole('link', { name: 'More' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'More' })).toBeVisible();
	await places.getByRole('link', { name: 'Space' }).click();
	await expect(page.getByRole('heading', { name: 'Invite your partner' })).toBeVisible();
	await expect(page.getByLabel('Invite link')).toHaveCount(0);
	await page.getByRole('button', { name: 'Create invite link' }).click();
	await expect(page.getByLabel('Invite link')).not.toHaveValue(first);
	await expect(page.getByLabel('Invite link')).toHaveValue(/\/join\/[a-z0-9]{24}$/);
	await page.context().close();
});

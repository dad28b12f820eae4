import { expect, test, type Page } from '@playwright/test';
import { PASSWORD, expectAccessible, signUp, uniqueEmail } from './helpers';

function whosHere(page: Page) {
	return page.getByRole('list', { name: "Who's here" });
}

test('a couple and their counselor: invite, join, presence, consent, privacy and leaving', async ({ browser }) => {
	const [ctxA, ctxB, ctxC] = await Promise.all([browser.newContext(), browser.newContext(), browser.newContext()]);
	const a = await ctxA.newPage();
	const b = await ctxB.newPage();
	const c = await ctxC.newPage();

	// A starts a space and gets an invite.
	await signUp(a, 'Alex');
	await a.getByLabel('Name of the space').fill('Sunday table');
	await a.getByRole('radio', { name: 'I was hurt' }).check();
	await a.getByRole('group', { name: 'Do you feel safe with your partner?' }).getByRole('radio', { name: 'Yes' }).check();
	await a.getByRole('button', { name: 'Create space' }).click();
	await expect(a.getByRole('heading', { name: 'Sunday table' })).toBeVisible();
	const link = await a.getByLabel('Invite link').inputValue();
	expect(link).toMatch(/\/join\/[a-z0-9]{24}$/);
	await expectAccessible(a);
	// The link stays in view when the live connection comes back and the page reloads what it shows.
	await ctxA.setOffline(true);
	await expect(a.getByRole('status', { name: /Reconnecting/ })).toBeVisible({ timeout: 15_000 });
	const reloaded = a.waitForResponse((res) => res.url().includes('/__data.json'));
	await ctxA.setOffline(false);
	await reloaded;
	await expect(a.getByRole('status', { name: 'Live updates: Connected' })).toBeVisible();
	await expect(a.getByLabel('Invite link')).toHaveValue(link);

	// B opens the link logged out, signs up from it and lands back on the join screen.
	await b.goto(link);
	await b.getByRole('link', { name: 'Create an account' }).click();
	await b.getByLabel('Email').fill(uniqueEmail('blake'));
	await b.getByLabel('Display name').fill('Blake');
	await b.getByLabel('Password').fill(PASSWORD);
	await b.getByRole('button', { name: 'Create account' }).click();
	await expect(b.getByRole('heading', { name: 'Join Sunday table' })).toBeVisible();
	await expectAccessible(b);
	await b.getByRole('radio', { name: 'I caused the hurt' }).check();
	await b.getByRole('group', { name: 'Do you feel safe with your partner?' }).getByRole('radio', { name: 'Not sure' }).check();
	await b.getByRole('button', { name: 'Join space' }).click();

	// B's "not sure" brings support at once, and B stays in control.
	await expect(b.getByRole('heading', { name: 'Support for you' })).toBeVisible();
	await expectAccessible(b);
	await b.getByRole('link', { name: 'Continue to Sunday table' }).click();

	// Both see each other online, live.
	await expect(whosHere(b).getByRole('listitem').filter({ hasText: 'Alex' })).toContainText('online');
	await expect(whosHere(a).getByRole('listitem').filter({ hasText: 'Blake' })).toContainText('online');
	await expect(a.getByRole('heading', { name: 'Invite your partner' })).toHaveCount(0);

	// B steps away: A sees it.
	await b.goto('/home');
	await expect(whosHere(a).getByRole('listitem').filter({ hasText: 'Blake' })).toContainText('away');
	await b.goBack();
	await expect(whosHere(a).getByRole('listitem').filter({ hasText: 'Blake' })).toContainText('online');

	// A invites a counselor; C is pending until both approve.
	await a.getByRole('button', { name: 'Invite a counselor' }).click();
	const counselorLink = await a.getByLabel('Counselor invite link').inputValue();
	await signUp(c, 'Casey', 'Counselor');
	await c.goto(counselorLink);
	await c.getByRole('button', { name: 'Join space' }).click();
	await expect(c.getByText('Both partners need to approve you first')).toBeVisible();
	await expectAccessible(c);

	await a.getByRole('button', { name: 'Approve Casey' }).click();
	await expect(a.getByText('You have approved')).toBeVisible();
	await expect(b.getByText('Your partner has approved')).toBeVisible();
	await expect(c.getByText('Both partners need to approve you first')).toBeVisible();
	await b.getByRole('button', { name: 'Approve Casey' }).click();
	// C's page turns into the space, without a reload.
	await expect(whosHere(c).getByRole('listitem').filter({ hasText: 'Alex' })).toBeVisible();
	await expect(whosHere(a).getByRole('listitem').filter({ hasText: 'Casey' })).toContainText('online');
	await expectAccessible(c);

	// B's safety answer appears nowhere for A or C.
	for (const page of [a, c]) {
		await expect(page.getByText('Not sure', { exact: true })).toHaveCount(0);
		await expect(page.getByText('Support for you')).toHaveCount(0);
	}
	await a.goto(a.url().replace(/\/?$/, '/safety'));
	await expect(a.getByRole('heading', { name: 'Support for you' })).toHaveCount(0);
	await expect(a.getByRole('radio', { name: 'Yes' })).toBeChecked();
	await a.goBack();

	// B leaves; A sees the space close, live and kindly.
	await b.getByRole('link', { name: 'Leave this space' }).click();
	await expectAccessible(b);
	await b.getByRole('button', { name: 'Leave space' }).click();
	await expect(b.getByRole('heading', { name: /Welcome/ })).toBeVisible();
	await expect(a.getByText('Your partner has left this space, so it is now closed')).toBeVisible();
	await expect(a.getByRole('button', { name: 'Invite a counselor' })).toHaveCount(0);

	await Promise.all([ctxA.close(), ctxB.close(), ctxC.close()]);
});

test('joining by code, and a clear refusal for a used invite', async ({ browser }) => {
	const [ctxA, ctxB, ctxX] = await Promise.all([browser.newContext(), browser.newContext(), browser.newContext()]);
	const a = await ctxA.newPage();
	const b = await ctxB.newPage();
	const x = await ctxX.newPage();
	await signUp(a, 'Ari');
	await a.getByRole('button', { name: 'Create space' }).click();
	const link = await a.getByLabel('Invite link').inputValue();
	const code = await a.locator('.code').innerText();

	await signUp(b, 'Bo');
	await b.getByRole('link', { name: 'Join with an invite code' }).click();
	await expectAccessible(b);
	await b.getByLabel('Invite code').fill(code.toLowerCase());
	await b.getByRole('button', { name: 'Continue' }).click();
	await b.getByRole('button', { name: 'Join space' }).click();
	await expect(whosHere(b).getByRole('listitem').filter({ hasText: 'Ari' })).toBeVisible();

	await signUp(x, 'Xen');
	await x.goto(link);
	await expect(x.getByRole('heading', { name: 'This invite cannot be used' })).toBeVisible();
	await expect(x.getByText('already been used')).toBeVisible();
	await expect(x.getByText('Ari')).toHaveCount(0);
	await expectAccessible(x);
	await Promise.all([ctxA.close(), ctxB.close(), ctxX.close()]);
});

test('a withdrawn invite leaves the page at once, and a new one can be made', async ({ page }) => {
	await signUp(page, 'Wren');
	await page.getByLabel('Name of the space').fill('Quiet corner');
	await page.getByRole('radio', { name: 'I was hurt' }).check();
	await page.getByRole('group', { name: 'Do you feel safe with your partner?' }).getByRole('radio', { name: 'Yes' }).check();
	await page.getByRole('button', { name: 'Create space' }).click();
	const first = await page.getByLabel('Invite link').inputValue();
	await page.getByRole('button', { name: 'Withdraw invite' }).click();
	await expect(page.getByLabel('Invite link')).toHaveCount(0);
	// Another form sent on the page does not bring the withdrawn link back.
	await page.getByRole('button', { name: 'Save perspective' }).click();
	await expect(page.getByText('Saved.')).toBeVisible();
	await expect(page.getByLabel('Invite link')).toHaveCount(0);
	await page.getByRole('button', { name: 'Create invite link' }).click();
	await expect(page.getByLabel('Invite link')).not.toHaveValue(first);
	await expect(page.getByLabel('Invite link')).toHaveValue(/\/join\/[a-z0-9]{24}$/);
});

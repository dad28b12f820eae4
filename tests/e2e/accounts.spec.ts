import { expect, test } from '@playwright/test';
import { confirmAndLogIn, PASSWORD, signUp, uniqueEmail } from './helpers';
import { deviceOf, mailFor, someone } from './fixtures';
import { linkIn } from '../helpers/mailbox';
import { Authenticator, keyFromText } from '../helpers/two-step';

test('sign up, log out, and log in again', async ({ page }) => {
	const email = await signUp(page, 'Rowan');
	await expect(page).toHaveTitle('Home · Trellis');
	await expect(page.getByRole('status', { name: /Connected/ })).toBeVisible();

	await page.getByRole('button', { name: 'Log out' }).click();
	await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
	await page.goto('/home');
	await expect(page).toHaveURL(/\/login\?redirectTo=%2Fhome$/);

	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page.getByRole('heading', { name: 'Welcome, Rowan' })).toBeVisible();
	await expect(page).toHaveURL(/\/home$/);
});

test('a forgotten password: the emailed link sets a new one, and the device still logged in is logged out', async ({
	browser
}) => {
	const me = await someone('Avery');
	const old = await deviceOf(browser, me);
	await old.goto('/account');
	await expect(old.getByRole('heading', { name: 'Account', exact: true })).toBeVisible();

	const page = await (await browser.newContext()).newPage();
	await page.goto('/login');
	await page.getByRole('link', { name: 'Forgot password?' }).click();
	// The log-in page has an Email field too: fill in the one on the page that sends the link.
	await expect(page.getByRole('heading', { name: 'Forgot password' })).toBeVisible();
	await page.getByLabel('Email').fill(me.email);
	await page.getByRole('button', { name: 'Send reset link' }).click();
	await expect(page.getByRole('status')).toContainText(
		'a link to set a new password is on its way'
	);

	const mail = await mailFor(me.email, /new Trellis password/);
	await page.goto(linkIn(mail, '/reset/'));
	const fresh = 'lantern over still water 58';
	await page.getByLabel('New password').fill(fresh);
	await page.getByLabel('Confirm password').fill(fresh);
	await page.getByRole('button', { name: 'Set new password' }).click();
	await expect(page.getByRole('status')).toContainText('Your new password is set');

	await old.reload();
	await expect(old.getByRole('heading', { name: 'Log in' })).toBeVisible();
	await page.getByLabel('Email').fill(me.email);
	await page.getByLabel('Password').fill(fresh);
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page.getByRole('heading', { name: 'Welcome, Avery' })).toBeVisible();
	await old.context().close();
	await page.context().close();
});

test('a wrong password gets a clear message and keeps the email', async ({ page }) => {
	const { email } = await someone('Sasha');
	await page.goto('/login');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill('this is not it at all');
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page.getByRole('alert')).toContainText("That email and password don't match");
	await expect(page.getByLabel('Email')).toHaveValue(email);
});

test('sign-up problems are explained next to the field', async ({ page }) => {
	await page.goto('/signup');
	await page.getByLabel('Email').fill(uniqueEmail('weak'));
	await page.getByLabel('Display name').fill('Weak');
	await page.getByLabel('Password').fill('password123');
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page.getByRole('alert')).toContainText('Please check the highlighted field');
	await expect(page.getByText('it is on the lists of passwords people use most')).toBeVisible();
	await expect(page.getByLabel('Display name')).toHaveValue('Weak');
});

test('the strength of a new password is shown as one types, and read out politely', async ({
	page
}) => {
	await page.goto('/signup');
	await page.getByLabel('Email').fill(uniqueEmail('typing'));
	const password = page.getByLabel('Password');
	const estimate = page.locator('#field-password-strength');
	await expect(estimate).toHaveAttribute('aria-live', 'polite');
	await expect(password).toHaveAttribute('aria-describedby', /field-password-strength/);
	await expect(estimate).toBeEmpty();

	await password.pressSequentially('quiet');
	await expect(estimate).toHaveText('Strength: too short. Please use at least 10 characters.');
	await password.fill('password123');
	await expect(estimate).toHaveText(/^Strength: weak, easy to guess: it is on the lists/);
	await password.fill(PASSWORD);
	await expect(estimate).toHaveText('Strength: strong, hard to guess.');
	await password.fill('');
	await expect(estimate).toBeEmpty();
});

test('two people on two devices each see their live connection', async ({ browser }) => {
	const [a, b] = await Promise.all([
		someone('Ari').then((p) => deviceOf(browser, p)),
		someone('Bo').then((p) => deviceOf(browser, p))
	]);
	await Promise.all([a.goto('/home'), b.goto('/home')]);
	await expect(a.getByRole('status', { name: /Connected/ })).toBeVisible();
	await expect(b.getByRole('status', { name: /Connected/ })).toBeVisible();
	await Promise.all([a.context().close(), b.context().close()]);
});

test('logging out everywhere from one device signs the other out live', async ({ browser }) => {
	const cam = await someone('Cam');
	const a = await deviceOf(browser, cam);
	const b = await browser.newContext().then((phone) => phone.newPage());
	await b.goto('/login');
	await b.getByLabel('Email').fill(cam.email);
	await b.getByLabel('Password').fill(PASSWORD);
	await b.getByRole('button', { name: 'Log in' }).click();
	await expect(b.getByRole('status', { name: /Connected/ })).toBeVisible();

	await a.goto('/account/devices');
	await expect(
		a.getByRole('list', { name: 'Logged-in devices' }).getByRole('listitem')
	).toHaveCount(2);
	await a.getByRole('button', { name: 'Log out everywhere' }).click();
	await expect(a.getByRole('heading', { name: 'Log in' })).toBeVisible();
	// The other device is told by its socket and lands on the log-in page without a reload.
	await expect(b.getByRole('heading', { name: 'Log in' })).toBeVisible();
	await Promise.all([a.context().close(), b.context().close()]);
});

test('forms work without JavaScript', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	const email = uniqueEmail('nojs');
	await page.goto('/signup');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Display name').fill('Dana');
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Create account' }).click();
	await confirmAndLogIn(page, email);
	await expect(page.getByRole('heading', { name: 'Welcome, Dana' })).toBeVisible();
	await page.getByRole('button', { name: 'Log out' }).click();
	await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
	await context.close();
});

test("logging in tells the account this device's time zone", async ({ browser }) => {
	const me = await someone('Hana');
	const context = await browser.newContext({ timezoneId: 'Asia/Tokyo' });
	const page = await context.newPage();
	await page.goto('/login');
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.getByLabel('Email').fill(me.email);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page).toHaveURL(/\/home$/);
	await page.goto('/account');
	await expect(page.getByRole('combobox', { name: 'Time zone' })).toHaveValue('Asia/Tokyo');
	await context.close();
});

test('what is typed before the page has fully loaded is kept', async ({ page }) => {
	// Hold back the app's scripts so typing happens on the server-rendered page, then let them run.
	let release: () => void = () => {};
	const held = new Promise<void>((ok) => (release = ok));
	await page.route('**/_app/immutable/**/*.js', async (route) => {
		await held;
		await route.continue();
	});
	await page.goto('/signup', { waitUntil: 'domcontentloaded' });
	await page.getByLabel('Email').fill('early@example.com');
	await page.getByLabel('Display name').fill('Early');
	release();
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await expect(page.getByLabel('Email')).toHaveValue('early@example.com');
	await expect(page.getByLabel('Display name')).toHaveValue('Early');
});

test('two-step verification: turned on from the account page, then asked for after the password', async ({
	browser
}) => {
	const me = await someone('Quinn');
	const page = await deviceOf(browser, me);
	await page.goto('/account');
	const section = page.getByRole('region', { name: 'Two-step verification', exact: true });
	await section.getByLabel('Your password').fill(PASSWORD);
	await section.getByRole('button', { name: 'Turn on' }).click();

	// The key as a person types it into their app.
	const key = section.locator('code.key');
	await expect(key).toHaveText(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
	const phone = new Authenticator(keyFromText((await key.textContent())!));
	await expect(section.getByRole('link', { name: /add Trellis to your app/ })).toHaveAttribute(
		'href',
		/^otpauth:\/\/totp\//
	);
	await section.getByLabel('Code from your authenticator app').fill(await phone.code());
	await section.getByRole('button', { name: 'Confirm' }).click();
	const shown = section.getByRole('status');
	await expect(shown).toContainText('Two-step verification is on.');
	await expect(shown.getByRole('listitem')).toHaveCount(10);
	await expect(section).toContainText('You have 10 recovery codes left.');

	await page.getByRole('button', { name: 'Log out' }).click();
	await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
	await page.getByLabel('Email').fill(me.email);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page.getByRole('heading', { name: 'Two-step verification' })).toBeVisible();
	await page.getByLabel('Code from your authenticator app').fill(await phone.code());
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page.getByRole('heading', { name: 'Welcome, Quinn' })).toBeVisible();
	await page.context().close();
});

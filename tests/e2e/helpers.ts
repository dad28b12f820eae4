import axe from 'axe-core';
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { linkIn } from '../helpers/mailbox';
import { mailTo } from '../helpers/spaces';

export const PASSWORD = 'quiet harbour morning 73';
export const NEUTRAL = 'https://www.google.com/';

let n = 0;
export function uniqueEmail(prefix: string): string {
	n += 1;
	return `${prefix}-${Date.now().toString(36)}-${process.pid}-${n}@example.com`;
}

/** The neutral site is answered locally: tests never leave the machine. */
export async function stubNeutralSite(context: BrowserContext): Promise<void> {
	await context.route('https://www.google.com/**', (route) =>
		route.fulfill({
			status: 200,
			contentType: 'text/html',
			body: '<!doctype html><title>Search</title><p>neutral</p>'
		})
	);
}

/**
 * Signs up through the form, follows the link mailed to confirm the address, and logs in: the
 * whole way a new person comes in. Ends on their home page.
 */
export async function signUp(page: Page, name: string, kind: 'Partner' | 'Counselor' = 'Partner') {
	const email = uniqueEmail(name.toLowerCase());
	await page.goto('/signup');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Display name').fill(name);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('radio', { name: kind }).check();
	await page.getByRole('button', { name: 'Create account' }).click();
	await confirmAndLogIn(page, email);
	await expect(page.getByRole('heading', { name: `Welcome, ${name}` })).toBeVisible();
	return email;
}

/** After the sign-up form: the mailed link confirms the address, then its owner logs in. */
export async function confirmAndLogIn(page: Page, email: string) {
	await expect(page.getByRole('status')).toContainText(
		'Check your email to finish creating your account'
	);
	const mail = await mailTo(process.env.E2E_DB!, email, /^Finish creating/);
	await page.goto(linkIn(mail, '/verify/'));
	await expect(page.getByRole('status')).toContainText('Your email is confirmed');
	await page.getByRole('main').getByRole('link', { name: 'Log in' }).click();
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Log in' }).click();
}

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/**
 * axe finds nothing on the page as it stands, in the light colours and in the dark ones.
 * axe-core is put into the page once and run there for each scheme, asking only for
 * violations: the same rules as a full report, in a third of the time.
 */
export async function expectAccessible(page: Page) {
	await page.evaluate(axe.source);
	const found: string[] = [];
	for (const colorScheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme });
		const violations = await page.evaluate(async (tags) => {
			const { axe } = window as unknown as { axe: typeof import('axe-core') };
			const results = await axe.run(document, {
				runOnly: { type: 'tag', values: tags },
				resultTypes: ['violations']
			});
			return results.violations.map(
				(v) => `${v.id}: ${v.nodes.map((node) => node.target.join(' ')).join(', ')}`
			);
		}, AXE_TAGS);
		found.push(...violations.map((v) => `${colorScheme} ${v}`));
	}
	await page.emulateMedia({ colorScheme: 'light' });
	expect(found).toEqual([]);
}

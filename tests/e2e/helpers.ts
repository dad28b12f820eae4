import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';

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
		route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Search</title><p>neutral</p>' })
	);
}

export async function signUp(page: Page, name: string, kind: 'Partner' | 'Counselor' = 'Partner') {
	const email = uniqueEmail(name.toLowerCase());
	await page.goto('/signup');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Display name').fill(name);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('radio', { name: kind }).check();
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page.getByRole('heading', { name: `Welcome, ${name}` })).toBeVisible();
	return email;
}

/** Someone new, alone in a new space, at the start of a new note; returns their email. */
export async function startNewNote(page: Page, name: string): Promise<string> {
	const email = await signUp(page, name);
	await page.getByRole('button', { name: 'Create space' }).click();
	await page.getByRole('link', { name: 'My journal' }).click();
	await page.getByRole('link', { name: 'New note' }).click();
	await expect(page).toHaveURL(/\/journal\/new$/);
	return email;
}

/** Someone alone in a new space who has written one note; returns the note's address. */
export async function writeFirstNote(page: Page, name: string, words: string): Promise<string> {
	await startNewNote(page, name);
	await page.getByLabel('Note', { exact: true }).fill(words);
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Saved.', { exact: true })).toBeVisible();
	return page.url().replace(/\?.*$/, '');
}

/** axe finds nothing, in the light colours and in the dark ones. */
export async function expectAccessible(page: Page) {
	const summary: string[] = [];
	for (const colorScheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme });
		const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
		summary.push(...results.violations.map((v) => `${colorScheme} ${v.id}: ${v.nodes.map((node) => node.target.join(' ')).join(', ')}`));
	}
	await page.emulateMedia({ colorScheme: 'light' });
	expect(summary).toEqual([]);
}

/** A couple in a space (A was hurt), each partner in their own browser context. */
export async function couple(browser: Browser, contextCount = 2) {
	const contexts = await Promise.all(Array.from({ length: contextCount }, () => browser.newContext()));
	const [a, b, ...others] = (await Promise.all(contexts.map((ctx) => ctx.newPage()))) as [Page, Page, ...Page[]];
	await signUp(a, 'Ari');
	await a.getByRole('radio', { name: 'I was hurt' }).check();
	await a.getByRole('button', { name: 'Create space' }).click();
	const link = await a.getByLabel('Invite link').inputValue();
	const spaceUrl = a.url();

	await b.goto(link);
	await b.getByRole('link', { name: 'Create an account' }).click();
	await b.getByLabel('Email').fill(uniqueEmail('bo'));
	await b.getByLabel('Display name').fill('Bo');
	await b.getByLabel('Password').fill(PASSWORD);
	await b.getByRole('button', { name: 'Create account' }).click();
	await b.getByRole('button', { name: 'Join space' }).click();
	await expect(b).toHaveURL(spaceUrl);
	return { a, b, others, spaceUrl, close: () => Promise.all(contexts.map((ctx) => ctx.close())).then(() => undefined) };
}

/** A couple in a space with an approved counselor, each in their own browser context. */
export async function coupleWithCounselor(browser: Browser) {
	const { a, b, others, spaceUrl, close } = await couple(browser, 3);
	const c = others[0] as Page;
	await a.reload();
	await a.getByRole('button', { name: 'Invite a counselor' }).click();
	const counselorLink = await a.getByLabel('Counselor invite link').inputValue();
	await signUp(c, 'Cam', 'Counselor');
	await c.goto(counselorLink);
	await c.getByRole('button', { name: 'Join space' }).click();
	await a.getByRole('button', { name: 'Approve Cam' }).click();
	await b.getByRole('button', { name: 'Approve Cam' }).click();
	await expect(c.getByRole('heading', { name: 'In this space' })).toBeVisible();
	return { a, b, c, spaceUrl, close };
}

import { expect, test, type Page } from '@playwright/test';
import { couple, expectAccessible } from './helpers';
import { questions } from '../../src/lib/domain/assessment';

/** Both partners mark themselves ready on `stage`; the second lands on the next stage. */
async function bothReady(a: Page, b: Page, spaceUrl: string, stage: number) {
	await a.goto(`${spaceUrl}/stages/${stage}`);
	await a.getByRole('button', { name: "I'm ready to move on" }).click();
	await expect(a.getByText('You are ready to move on.')).toBeVisible();
	await b.goto(`${spaceUrl}/stages/${stage}`);
	await b.getByRole('button', { name: "I'm ready to move on" }).click();
	await expect(b).toHaveURL(`${spaceUrl}/stages/${stage + 1}`);
}

/** Answers every stage-3 question, with one belief chosen, and submits; `then` is what shows next. */
async function answerAndSeal(page: Page, belief: string, words: string, then: RegExp) {
	for (const [i, q] of questions.entries()) {
		const group = page.getByRole('group', { name: `${i + 1}. ${q.text}` });
		await group.getByRole('radio', { name: q.id === 'belief' ? belief : 'I am not sure' }).check();
	}
	await page.getByLabel('Why do you believe that? (optional)').fill(words);
	await page.getByRole('button', { name: 'Submit and seal my answers' }).click();
	await expect(page.getByRole('status').filter({ hasText: then })).toBeVisible();
}

test('readiness from both moves the space on, live on both devices; either can go back', async ({ browser }) => {
	const { a, b, spaceUrl, close } = await couple(browser);
	await a.getByRole('link', { name: 'Stage 1: Process feelings' }).click();
	await expect(a.getByRole('heading', { name: 'Process feelings', level: 1 })).toBeVisible();
	await expect(a.getByRole('link', { name: 'Breathing and grounding' })).toBeVisible();
	await expectAccessible(a);
	await a.getByRole('button', { name: "I'm ready to move on" }).click();
	await expect(a.getByText('You are ready to move on.')).toBeVisible();

	await b.goto(`${spaceUrl}/stages/1`);
	await expect(b.getByText('Ari is ready to move on.')).toBeVisible();
	await b.getByRole('button', { name: "I'm ready to move on" }).click();
	await expect(b.getByRole('heading', { name: 'Open communication', level: 1 })).toBeVisible();
	// A's page follows by itself.
	await expect(a.getByText('You have been through this stage. The space is now at stage 2: Open communication.')).toBeVisible();

	// B slows down; A is told kindly, live.
	await a.getByRole('link', { name: 'Go to stage 2' }).click();
	await b.goto(`${spaceUrl}/stages/1`);
	await b.getByRole('button', { name: 'Go back to this stage' }).click();
	await expect(b.getByText('You are here now.')).toBeVisible();
	await a.goto(`${spaceUrl}/stages/1`);
	await expect(a.getByText('Bo brought the space back to this stage')).toBeVisible();
	await a.getByRole('link', { name: 'Our journey so far' }).click();
	await expect(a.getByText('Bo brought the space back to stage 1: Process feelings.')).toBeVisible();
	await expectAccessible(a);
	await close();
});

test('stage 3 side by side, a sealed stage-4 choice, and a step-back that closes the space', async ({ browser }) => {
	const { a, b, spaceUrl, close } = await couple(browser);
	await bothReady(a, b, spaceUrl, 1);
	await bothReady(a, b, spaceUrl, 2);

	await a.goto(`${spaceUrl}/assessment`);
	await expectAccessible(a);
	await answerAndSeal(a, 'Part of a pattern', 'It went on for months.', /^Your answers are sealed \(/);
	await b.goto(`${spaceUrl}/assessment`);
	await expect(b.getByText('It went on for months.')).toHaveCount(0);
	await answerAndSeal(b, 'A one-off', 'It was one night.', /^The same answer to 7 of 8 questions\.$/);
	// Both pages turn to the comparison at once.
	for (const page of [a, b]) {
		await expect(page.getByText('The same answer to 7 of 8 questions.')).toBeVisible();
		await expect(page.getByText('It went on for months.')).toBeVisible();
		await expect(page.getByText('It was one night.')).toBeVisible();
	}
	await expectAccessible(a);

	await bothReady(a, b, spaceUrl, 3);
	await a.goto(`${spaceUrl}/stages/4`);
	await a.getByRole('radio', { name: 'Continue' }).check();
	await a.getByLabel('A note to your partner (optional)').fill('I want to keep trying.');
	await a.getByRole('button', { name: 'Seal my choice' }).click();
	await expect(a.getByText('You have chosen; both choices are shown together once both of you have chosen.')).toBeVisible();
	await expectAccessible(a);

	// B's view shows nothing of it.
	await b.reload();
	await expect(b.getByText('Nobody sees your choice, or whether you have made it')).toBeVisible();
	await expect(b.getByText('I want to keep trying.')).toHaveCount(0);
	await expect(b.getByText(/has chosen|Ari chose/)).toHaveCount(0);

	await b.getByRole('radio', { name: 'Step back' }).check();
	await b.getByRole('button', { name: 'Seal my choice' }).click();
	await expect(b.getByRole('heading', { name: 'Stepping back', level: 1 })).toBeVisible();
	await expect(b.getByText('Ari chose: Continue')).toBeVisible();
	// A sees both choices the same moment, without reloading.
	await expect(a.getByText('Bo chose: Step back')).toBeVisible();
	await expect(a.getByText('This space is closed. What is here can still be read.')).toBeVisible();
	await expectAccessible(b);

	await a.goto(spaceUrl);
	await expect(a.getByText('A step back was chosen and is honoured, so this space is now closed.')).toBeVisible();
	await a.getByRole('link', { name: 'What happens now' }).click();
	await expect(a.getByRole('link', { name: 'My copy, ready to print or save as a PDF' })).toBeVisible();
	await a.getByRole('link', { name: 'My copy, ready to print or save as a PDF' }).click();
	await expect(a.getByRole('heading', { name: /my copy/ })).toBeVisible();
	await expectAccessible(a);
	await close();
});

test('the breathing pacer follows the breath, and stays still for those who prefer less motion', async ({ browser }) => {
	const context = await browser.newContext({ reducedMotion: 'reduce' });
	const page = await context.newPage();
	await page.goto('/breathe');
	await page.getByRole('button', { name: 'Start' }).click();
	const cue = page.locator('.cue');
	await expect(cue).toContainText('Breathe in');
	const circle = page.locator('.circle');
	expect(await circle.evaluate((el) => getComputedStyle(el).transform)).toBe('none');
	await expect(cue).toContainText('Breathe out', { timeout: 8_000 });
	await page.getByRole('button', { name: 'Stop' }).click();
	await context.close();

	const moving = await browser.newContext({ reducedMotion: 'no-preference' });
	const other = await moving.newPage();
	await other.goto('/breathe');
	await other.getByRole('button', { name: 'Start' }).click();
	await expect(other.locator('.cue')).toContainText('Breathe in');
	await expect.poll(() => other.locator('.circle').evaluate((el) => getComputedStyle(el).transform)).not.toBe('none');
	await moving.close();
});

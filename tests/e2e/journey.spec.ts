import { expect, test, type Page } from '@playwright/test';
import { questions } from '../../src/lib/domain/assessment';
import { expectStatus } from '../helpers/http';
import { answers, choose, submitAnswers } from '../helpers/journey';
import { NAMES, scene } from './fixtures';

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

test('readiness from both moves the space on, live on both devices; either can go back', async ({
	browser
}) => {
	const { a, b, spaceUrl, close } = await scene(browser);
	await a.goto(spaceUrl);
	await a.getByRole('link', { name: 'Stage 1: Process feelings' }).click();
	await expect(a.getByRole('heading', { name: 'Process feelings', level: 1 })).toBeVisible();
	await expect(a.getByRole('link', { name: 'Breathing and grounding' })).toBeVisible();
	await a.getByRole('button', { name: "I'm ready to move on" }).click();
	await expect(a.getByText('You are ready to move on.')).toBeVisible();

	await b.goto(`${spaceUrl}/stages/1`);
	await expect(b.getByText(`${NAMES.a} is ready to move on.`)).toBeVisible();
	await b.getByRole('button', { name: "I'm ready to move on" }).click();
	await expect(b.getByRole('heading', { name: 'Open communication', level: 1 })).toBeVisible();
	// A's page follows by itself.
	await expect(
		a.getByText(
			'You have been through this stage. The space is now at stage 2: Open communication.'
		)
	).toBeVisible();

	// B slows down; A is told kindly, live.
	await a.getByRole('link', { name: 'Go to stage 2' }).click();
	await b.goto(`${spaceUrl}/stages/1`);
	await b.getByRole('button', { name: 'Go back to this stage' }).click();
	// It asks first; Cancel leaves everything as it was.
	await expect(b.locator('#back-confirm')).toBeFocused();
	await b.getByRole('link', { name: 'Cancel' }).click();
	await expect(b.getByText('Go back to stage 1?')).toHaveCount(0);
	await b.getByRole('button', { name: 'Go back to this stage' }).click();
	await b.getByRole('button', { name: 'Yes, go back' }).click();
	await expect(b.getByText('You are here now.')).toBeVisible();
	await a.goto(`${spaceUrl}/stages/1`);
	await expect(a.getByText(`${NAMES.b} brought the space back to this stage`)).toBeVisible();
	await a.getByRole('link', { name: 'Our journey so far' }).click();
	await expect(
		a.getByText(`${NAMES.b} brought the space back to stage 1: Process feelings.`)
	).toBeVisible();
	await close();
});

test('stage 3: answers stay sealed until both have submitted, then both see them side by side at once', async ({
	browser
}) => {
	const { people, a, b, spaceId, spaceUrl, close } = await scene(browser, { stage: 3 });
	await Promise.all([a.goto(`${spaceUrl}/assessment`), b.goto(`${spaceUrl}/assessment`)]);
	await answerAndSeal(
		a,
		'Part of a pattern',
		'It went on for months.',
		/^Your answers are sealed \(/
	);
	await b.reload();
	await expect(b.getByRole('button', { name: 'Submit and seal my answers' })).toBeVisible();
	await expect(b.getByText('It went on for months.')).toHaveCount(0);

	const bAnswers = answers((id) => (id === 'belief' ? 'one_off' : 'not_sure'), 'It was one night.');
	await expectStatus(await submitAnswers(people.b, spaceId, bAnswers), 200);
	// Both pages turn to the comparison at once.
	for (const page of [a, b]) {
		await expect(page.getByText('The same answer to 7 of 8 questions.')).toBeVisible();
		await expect(page.getByText('It went on for months.')).toBeVisible();
		await expect(page.getByText('It was one night.').first()).toBeVisible();
	}
	await close();
});

test('stage 4: a sealed choice shows the partner nothing, and both are revealed the same moment; a step back closes the space', async ({
	browser
}) => {
	const { a, b, spaceUrl, close } = await scene(browser, { stage: 4 });
	await Promise.all([a.goto(`${spaceUrl}/stages/4`), b.goto(`${spaceUrl}/stages/4`)]);
	await a.getByRole('radio', { name: 'Continue' }).check();
	await a.getByLabel('A note to your partner (optional)').fill('I want to keep trying.');
	await a.getByRole('button', { name: 'Seal my choice' }).click();
	await expect(
		a.getByText('You have chosen; both choices are shown together once both of you have chosen.')
	).toBeVisible();

	// B's view shows nothing of it.
	await b.reload();
	await expect(b.getByText('Nobody sees your choice, or whether you have made it')).toBeVisible();
	await expect(b.getByText('I want to keep trying.')).toHaveCount(0);
	await expect(b.getByText(/has\s+chosen|Ari\s+chose/)).toHaveCount(0);

	await b.getByRole('radio', { name: 'Step back' }).check();
	await b.getByRole('button', { name: 'Seal my choice' }).click();
	await expect(b.getByRole('heading', { name: 'Stepping back', level: 1 })).toBeVisible();
	await expect(b.getByText(`${NAMES.a} chose: Continue`)).toBeVisible();
	// A sees both choices the same moment, without reloading.
	await expect(a.getByText(`${NAMES.b} chose: Step back`)).toBeVisible();
	await expect(a.getByText('This space is closed. What is here can still be read.')).toBeVisible();
	await close();
});

test('after a step back the space is closed with care, and each partner can take their own copy', async ({
	browser
}) => {
	const { people, a, spaceId, spaceUrl, close } = await scene(browser, { stage: 4 });
	await expectStatus(await choose(people.a, spaceId, 'continue'), 200);
	await expectStatus(await choose(people.b, spaceId, 'step_back'), 303);
	await a.goto(spaceUrl);
	await expect(
		a.getByText('A step back was chosen and is honoured, so this space is now closed.')
	).toBeVisible();
	await a.getByRole('link', { name: 'What happens now' }).click();
	await a.getByRole('link', { name: 'My copy, ready to print or save as a PDF' }).click();
	await expect(a.getByRole('heading', { name: /my copy/ })).toBeVisible();
	await close();
});

test('the breathing pacer follows the breath, and stays still for those who prefer less motion', async ({
	browser
}) => {
	const still = await (await browser.newContext({ reducedMotion: 'reduce' })).newPage();
	await still.clock.install();
	await still.goto('/breathe');
	await still.getByRole('button', { name: 'Start' }).click();
	const cue = still.locator('.cue');
	await expect(cue).toContainText('Breathe in');
	expect(await still.locator('.circle').evaluate((el) => getComputedStyle(el).transform)).toBe(
		'none'
	);
	await still.clock.runFor(4_000);
	await expect(cue).toContainText('Breathe out');
	await still.getByRole('button', { name: 'Stop' }).click();
	await still.context().close();

	const moving = await (await browser.newContext({ reducedMotion: 'no-preference' })).newPage();
	await moving.goto('/breathe');
	await moving.getByRole('button', { name: 'Start' }).click();
	await expect(moving.locator('.cue')).toContainText('Breathe in');
	await expect
		.poll(() => moving.locator('.circle').evaluate((el) => getComputedStyle(el).transform))
		.not.toBe('none');
	await moving.context().close();
});

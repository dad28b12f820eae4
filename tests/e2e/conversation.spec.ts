import { expect, test } from '@playwright/test';
import { NAMES, scene, startConversation } from './fixtures';

test('a conversation in turns: the floor, reflecting back, confirming, clarifying and passing the floor', async ({
	browser
}) => {
	const { a, b, spaceUrl, close } = await scene(browser);
	await a.goto(`${spaceUrl}/conversations`);
	await a.getByRole('link', { name: 'Start a conversation' }).click();
	await a.getByRole('radio', { name: 'How I have been since it came out' }).check();
	await a.getByLabel('Agenda (optional)').fill('The party\nWhat helps');
	await a.getByRole('button', { name: 'Start a conversation' }).click();
	await expect(a.getByRole('heading', { name: 'How I have been since it came out' })).toBeVisible();
	await expect(a.getByText('You hold the floor.')).toBeVisible();

	await b.goto(a.url());
	await expect(b.getByText(`${NAMES.a} holds the floor.`)).toBeVisible();
	await expect(b.getByLabel('Message')).toHaveCount(0); // the listener cannot argue

	await a.getByLabel('Message').fill('I felt alone at the party.');
	await a.getByRole('button', { name: 'Send' }).click();
	await expect(b.getByText('I felt alone at the party.')).toBeVisible();

	await b.getByLabel('Reflection').fill('What I heard is that you felt left on your own.');
	await b.getByRole('button', { name: 'Reflect back' }).click();
	await expect(a.getByText('What I heard is that you felt left on your own.')).toBeVisible();
	await a.getByRole('button', { name: "That's right" }).click();
	await expect(b.getByText(`${NAMES.a}: That's right`)).toBeVisible();
	await b.getByLabel('Reflection').fill('What I heard is that parties are hard for you.');
	await b.getByRole('button', { name: 'Reflect back' }).click();
	await a
		.getByLabel('Clarification (for "Not quite")')
		.fill('Not parties: being left alone at them.');
	await a.getByRole('button', { name: 'Not quite' }).click();
	await expect(b.getByText(`${NAMES.a}: Not quite`)).toBeVisible();
	await expect(b.getByText('Not parties: being left alone at them.')).toBeVisible();

	await a.getByRole('button', { name: 'Pass the floor' }).click();
	await expect(b.getByText('You hold the floor.')).toBeVisible();
	await expect(a.getByText(`${NAMES.b} holds the floor.`)).toBeVisible();
	await expect(b.getByLabel('Message')).toBeVisible();
	await expect(a.getByLabel('Message')).toHaveCount(0);
	await close();
});

test('when a turn runs out, only the one holding the floor is asked to pass it', async ({
	browser
}) => {
	const { a, b, spaceUrl, close } = await scene(browser);
	await a.goto(`${spaceUrl}/conversations`);
	await a.getByRole('link', { name: 'Start a conversation' }).click();
	await a.getByRole('radio', { name: 'How I have been since it came out' }).check();
	await a.getByLabel('Time per turn (speaker and listener only)').selectOption('2');
	await a.getByRole('button', { name: 'Start a conversation' }).click();
	await expect(a.getByText('You hold the floor.')).toBeVisible();

	// The listener's clock runs ahead past the end of the turn.
	await b.clock.install();
	await b.goto(a.url());
	await expect(b.getByText(`${NAMES.a} holds the floor.`)).toBeVisible();
	await b.clock.fastForward('03:00');
	await expect(b.getByText('(time is up)')).toBeVisible();
	await expect(b.getByText('consider passing the floor')).toHaveCount(0);
	await close();
});

test('a time-out pauses the conversation on every device with a countdown, and the counselor may end it early', async ({
	browser
}) => {
	const { people, a, b, c, spaceId, close } = await scene(browser, { counselor: true });
	const conversation = await startConversation(people.a, spaceId);
	await Promise.all([a.goto(conversation), b.goto(conversation), c.goto(conversation)]);
	await expect(a.getByLabel('Message')).toBeVisible();

	await b.getByRole('button', { name: 'Call a time-out' }).click();
	for (const page of [a, b]) {
		await expect(page.getByText('Time-out.')).toBeVisible();
		await expect(page.locator('.clock')).toHaveText(/^(20:00|19:[0-5]\d)$/);
		// The clock ticks every second, outside what is announced.
		await expect(
			page.getByRole('status').filter({ hasText: 'Time-out.' }).locator('.clock')
		).toHaveCount(0);
	}
	// Messages wait: not even the one holding the floor can send.
	await expect(a.getByLabel('Message')).toHaveCount(0);
	await expect(a.getByRole('button', { name: 'Resume' })).toBeDisabled();
	await expect(a.getByRole('link', { name: 'A short breathing exercise' })).toBeVisible();
	await c.getByRole('button', { name: 'Resume' }).click();
	await expect(a.getByText('You hold the floor.')).toBeVisible();
	await expect(b.getByText(`${NAMES.c} resumed the conversation.`)).toBeVisible();
	await close();
});

test('at the end both write what they want to try next, and a line of it becomes a proposed agreement', async ({
	browser
}) => {
	const { people, a, b, spaceId, spaceUrl, close } = await scene(browser);
	const conversation = await startConversation(people.a, spaceId);
	await Promise.all([a.goto(conversation), b.goto(conversation)]);
	await a.getByRole('button', { name: 'End conversation' }).click();
	// It asks first, and nothing ends until the answer is yes.
	await expect(a.locator('#end-confirm')).toBeFocused();
	await a.getByRole('link', { name: 'Cancel' }).click();
	await expect(a.locator('#end-confirm')).toHaveCount(0);
	await expect(b.getByText('This conversation has ended.')).toHaveCount(0);
	await a.getByRole('button', { name: 'End conversation' }).click();
	await a.getByRole('button', { name: 'Yes, end it' }).click();
	await expect(b.getByText('This conversation has ended.')).toBeVisible();
	await b.getByLabel('Add to "What we want to try next"').fill('A walk together on Sundays');
	await b.getByRole('button', { name: 'Add to "What we want to try next"' }).click();
	await expect(a.getByText('A walk together on Sundays')).toBeVisible();
	await a.getByRole('button', { name: 'Propose as an agreement' }).click();
	await expect(a.getByRole('link', { name: 'Proposed as an agreement' })).toBeVisible();

	await b.goto(`${spaceUrl}/agreements`);
	await expect(b.getByRole('link', { name: 'A walk together on Sundays' })).toBeVisible();
	await close();
});

test('what is sent while the connection is down waits, says so, and arrives once it is back; typing shows live', async ({
	browser
}) => {
	const { people, a, b, spaceId, close } = await scene(browser);
	const conversation = await startConversation(
		people.a,
		spaceId,
		'What I need from you this week to get through it'
	);
	await Promise.all([a.goto(conversation), b.goto(conversation)]);
	await expect(a.getByText('You hold the floor.')).toBeVisible();
	await expect(b.getByText(`${NAMES.a} holds the floor.`)).toBeVisible();
	await expect(b.getByText(new RegExp(`Here now: .*${NAMES.a}`))).toBeVisible();

	// Typing reaches the other device (the indicator fades after a few seconds, so keep typing until it is seen).
	await expect(async () => {
		await a.getByLabel('Message').pressSequentially('Wh');
		await expect(b.getByText(`${NAMES.a} is typing…`)).toBeVisible({ timeout: 2_000 });
	}).toPass();
	await a.getByLabel('Message').fill('');

	// Cut A's live connection, then write.
	await a.context().setOffline(true);
	await expect(a.getByRole('status', { name: /Reconnecting/ })).toBeVisible();
	await a.getByLabel('Message').fill('Where were you that night?');
	await a.getByRole('button', { name: 'Send' }).click();
	await expect(a.getByText('sending…')).toBeVisible();
	await expect(b.getByText('Where were you that night?')).toHaveCount(0);

	await a.context().setOffline(false);
	await expect(b.getByText('Where were you that night?')).toBeVisible();
	await expect(a.getByText('sending…')).toHaveCount(0);
	await expect(a.getByText('Where were you that night?')).toHaveCount(1);
	await close();
});

test('ending, pressed before the page is live, is asked by the server, and Cancel once live keeps the conversation going', async ({
	browser
}) => {
	const { people, a, spaceId, close } = await scene(browser);
	const conversation = await startConversation(people.a, spaceId);
	// The page's scripts are held back: the press is a plain form post, answered with the question.
	const held: (() => Promise<void>)[] = [];
	await a.route('**/_app/immutable/**/*.js', (route) => {
		// A request the first page made is gone with it once the form post leaves that page.
		held.push(() => route.continue().catch(() => {}));
	});
	await a.goto(conversation);
	await a.getByRole('button', { name: 'End conversation' }).click();
	await expect(a.getByRole('button', { name: 'Yes, end it' })).toBeVisible();
	// Then the scripts arrive and the page comes alive with the question still asked.
	await a.unroute('**/_app/immutable/**/*.js');
	await Promise.all(held.splice(0).map((go) => go()));
	await a.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await a.getByRole('link', { name: 'Cancel' }).click();
	await expect(a.locator('#end-confirm')).toHaveCount(0);
	await expect(a.getByRole('button', { name: 'End conversation' })).toBeVisible();
	await expect(a.getByText('This conversation has ended.')).toHaveCount(0);
	await close();
});

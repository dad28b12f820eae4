import { expect, test } from '@playwright/test';
import { couple, coupleWithCounselor, expectAccessible } from './helpers';

test('a full conversation: floor, reflection, confirmation, passing, a time-out on every device, and a summary that proposes an agreement', async ({ browser }) => {
	const { a, b, c, spaceUrl, close } = await coupleWithCounselor(browser);
	await a.goto(`${spaceUrl}/conversations`);
	await a.getByRole('link', { name: 'Start a conversation' }).click();
	await a.getByRole('radio', { name: 'How I have been since it came out' }).check();
	await a.getByLabel('Agenda (optional)').fill('The party\nWhat helps');
	await expectAccessible(a);
	await a.getByRole('button', { name: 'Start a conversation' }).click();
	await expect(a.getByRole('heading', { name: 'How I have been since it came out' })).toBeVisible();
	await expect(a.getByText('You hold the floor.')).toBeVisible();
	const sessionUrl = a.url();

	await b.goto(sessionUrl);
	await c.goto(sessionUrl);
	await expect(b.getByText('Ari holds the floor.')).toBeVisible();
	await expect(b.getByLabel('Message')).toHaveCount(0); // the listener cannot argue

	await a.getByLabel('Message').fill('I felt alone at the party.');
	await a.getByRole('button', { name: 'Send' }).click();
	await expect(b.getByText('I felt alone at the party.')).toBeVisible();

	await b.getByLabel('Reflection').fill('What I heard is that you felt left on your own.');
	await b.getByRole('button', { name: 'Reflect back' }).click();
	await expect(a.getByText('What I heard is that you felt left on your own.')).toBeVisible();
	await a.getByRole('button', { name: "That's right" }).click();
	await expect(b.getByText("Ari: That's right")).toBeVisible();
	await b.getByLabel('Reflection').fill('What I heard is that parties are hard for you.');
	await b.getByRole('button', { name: 'Reflect back' }).click();
	await a.getByLabel('Clarification (for "Not quite")').fill('Not parties: being left alone at them.');
	await a.getByRole('button', { name: 'Not quite' }).click();
	await expect(b.getByText('Ari: Not quite')).toBeVisible();
	await expect(b.getByText('Not parties: being left alone at them.')).toBeVisible();

	await a.getByRole('button', { name: 'Pass the floor' }).click();
	await expect(b.getByText('You hold the floor.')).toBeVisible();
	await expect(a.getByText('Bo holds the floor.')).toBeVisible();
	await expectAccessible(b);

	// A time-out: both see the countdown; messages wait; the counselor may end it early.
	await b.getByRole('button', { name: 'Call a time-out' }).click();
	for (const page of [a, b]) {
		await expect(page.getByText('Time-out.')).toBeVisible();
		await expect(page.locator('.clock')).toHaveText(/^(20:00|19:[0-5]\d)$/);
		// The clock ticks every second, outside what is announced.
		await expect(page.getByRole('status').filter({ hasText: 'Time-out.' }).locator('.clock')).toHaveCount(0);
	}
	await expect(b.getByLabel('Message')).toHaveCount(0);
	await expect(a.getByRole('button', { name: 'Resume' })).toBeDisabled();
	await expect(a.getByRole('link', { name: 'A short breathing exercise' })).toBeVisible();
	await c.getByRole('button', { name: 'Resume' }).click();
	await expect(b.getByText('You hold the floor.')).toBeVisible();
	await expect(a.getByText('Cam resumed the conversation.')).toBeVisible();

	await a.getByRole('button', { name: 'End conversation' }).click();
	await expect(b.getByText('This conversation has ended.')).toBeVisible();
	await b.getByLabel('Add to "What we want to try next"').fill('A walk together on Sundays');
	await b.getByRole('button', { name: 'Add to "What we want to try next"' }).click();
	await expect(a.getByText('A walk together on Sundays')).toBeVisible();
	await a.getByRole('button', { name: 'Propose as an agreement' }).click();
	await expect(a.getByRole('link', { name: 'Proposed as an agreement' })).toBeVisible();
	await expectAccessible(a);

	await b.goto(`${spaceUrl}/agreements`);
	await expect(b.getByRole('link', { name: 'A walk together on Sundays' })).toBeVisible();
	await close();
});

test('what is sent while the connection is down waits, says so, and arrives once it is back; typing shows live', async ({ browser }) => {
	const { a, b, spaceUrl, close } = await couple(browser);
	await a.goto(`${spaceUrl}/conversations/new`);
	await a.getByRole('radio', { name: 'What I need from you this week to get through it' }).check();
	await a.getByRole('button', { name: 'Start a conversation' }).click();
	await expect(a.getByText('You hold the floor.')).toBeVisible();
	const sessionUrl = a.url();
	await b.goto(sessionUrl);
	await expect(b.getByText('Ari holds the floor.')).toBeVisible();
	await expect(b.getByText(/Here now: .*Ari/)).toBeVisible();

	// Typing reaches the other device (the indicator fades after a few seconds, so keep typing until it is seen).
	await expect(async () => {
		await a.getByLabel('Message').pressSequentially('Wh');
		await expect(b.getByText('Ari is typing…')).toBeVisible({ timeout: 2_000 });
	}).toPass({ timeout: 20_000 });
	await a.getByLabel('Message').fill('');

	// Cut A's live connection, then write.
	await a.context().setOffline(true);
	await expect(a.getByRole('status', { name: /Reconnecting/ })).toBeVisible({ timeout: 15_000 });
	await a.getByLabel('Message').fill('Where were you that night?');
	await a.getByRole('button', { name: 'Send' }).click();
	await expect(a.getByText('sending…')).toBeVisible();
	await expect(b.getByText('Where were you that night?')).toHaveCount(0);

	await a.context().setOffline(false);
	await expect(b.getByText('Where were you that night?')).toBeVisible({ timeout: 20_000 });
	await expect(a.getByText('sending…')).toHaveCount(0);
	await expect(a.getByText('Where were you that night?')).toHaveCount(1);
	await close();
});

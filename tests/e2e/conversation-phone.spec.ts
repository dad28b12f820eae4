import { expect, test } from '@playwright/test';
import { expectStatus } from '../helpers/http';
import { clientId } from '../helpers/notes';
import type { Person } from '../helpers/spaces';
import { deviceOf, NAMES, origin, scene, startConversation } from './fixtures';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** `p`, holding the floor, says something in the conversation at `url` (through its form). */
async function say(p: Person, url: string, text: string) {
	await expectStatus(
		await p.visitor.post(`${url.slice(origin.length)}?/act`, {
			clientId: clientId(),
			type: 'message',
			text
		}),
		200
	);
}

test('on a phone the composer stays in view while the conversation scrolls, and a New message cue leads to what came in', async ({
	browser
}) => {
	const { people, spaceId, close } = await scene(browser);
	const conversation = await startConversation(people.a, spaceId);
	for (let i = 1; i <= 14; i++)
		await say(
			people.a,
			conversation,
			`Part ${i} of what I need you to hear tonight, slowly, so that none of it is lost between us.`
		);
	const phone = await deviceOf(browser, people.b, PHONE);
	try {
		await phone.goto(conversation);
		await expect(phone.getByRole('status', { name: /Connected/ })).toBeVisible();
		// It opens at the latest line, with the box to write in below it.
		await expect(phone.getByText('Part 14 of')).toBeInViewport();
		await expect(phone.getByLabel('Reflection')).toBeInViewport();

		// Scrolled up to read: the box and the floor stay pinned while the lines move.
		await phone.evaluate(() => window.scrollTo(0, 0));
		await phone.getByText('Part 3 of').scrollIntoViewIfNeeded();
		await expect(phone.getByText('Part 14 of')).not.toBeInViewport();
		await expect(phone.getByLabel('Reflection')).toBeInViewport();
		await expect(phone.getByRole('button', { name: 'Reflect back' })).toBeInViewport();
		await expect(phone.getByText(`${NAMES.a} holds the floor.`)).toBeInViewport();
		// Pinned clear of the header above and the space's bar below, not under them.
		const box = async (selector: string) => (await phone.locator(selector).boundingBox())!;
		const bar = await box('nav.space-nav');
		const header = await box('header.site-header');
		const send = (await phone.getByRole('button', { name: 'Reflect back' }).boundingBox())!;
		const floor = (await phone.getByText(`${NAMES.a} holds the floor.`).boundingBox())!;
		expect(send.y + send.height).toBeLessThanOrEqual(bar.y);
		expect(floor.y).toBeGreaterThanOrEqual(header.y + header.height);

		// Something new while reading above: a cue, and the page stays where it was.
		await say(people.a, conversation, 'One more thing, the last.');
		const cue = phone.getByRole('button', { name: 'New message' });
		await expect(cue).toBeInViewport();
		await expect(phone.getByText('One more thing, the last.')).not.toBeInViewport();
		await expect(phone.getByText('Part 3 of')).toBeInViewport();
		await cue.click();
		await expect(phone.getByText('One more thing, the last.')).toBeInViewport();
		await expect(cue).toHaveCount(0);

		// At the end, new lines are followed without a cue.
		await say(people.a, conversation, 'Thank you for listening.');
		await expect(phone.getByText('Thank you for listening.')).toBeInViewport();
		await expect(cue).toHaveCount(0);
	} finally {
		await phone.context().close();
		await close();
	}
});

test('a send refused after the connection came back can be put back in the box, and the speaker answers a reflection before writing again', async ({
	browser
}) => {
	const { people, a, b, spaceId, close } = await scene(browser);
	const conversation = await startConversation(people.a, spaceId);
	await Promise.all([a.goto(conversation), b.goto(conversation)]);
	await expect(a.getByRole('status', { name: /Connected/ })).toBeVisible();
	await expect(b.getByRole('status', { name: /Connected/ })).toBeVisible();

	await a.context().setOffline(true);
	await a.getByLabel('Message').fill('Can I say one more thing?');
	await a.getByRole('button', { name: 'Send' }).click();
	await expect(a.getByText('sending…')).toBeVisible();
	await b.getByLabel('Reflection').fill('What I heard is that it still hurts.');
	await b.getByRole('button', { name: 'Reflect back' }).click();
	await expect(b.getByRole('button', { name: 'Reflect back' })).toBeDisabled();
	await expect(
		b.getByText(`${NAMES.a} has not said yet whether your last reflection was right.`)
	).toBeVisible();

	await a.context().setOffline(false);
	await expect(a.getByText('Not sent: Please answer the reflection first')).toBeVisible();
	await expect(a.getByRole('button', { name: 'Dismiss' })).toBeVisible();
	await a.getByRole('button', { name: 'Put back to edit' }).click();
	await expect(a.getByLabel('Message')).toHaveValue('Can I say one more thing?');
	await expect(a.getByLabel('Message')).toBeFocused();
	await expect(a.getByText('Not sent:')).toHaveCount(0);
	// The question sits with the reflection it is about; sending waits for the answer.
	await expect(a.getByRole('button', { name: 'Send' })).toBeDisabled();
	await a
		.getByRole('listitem')
		.filter({ hasText: 'What I heard is that it still hurts.' })
		.getByRole('button', { name: "That's right" })
		.click();
	await expect(
		b
			.getByRole('listitem')
			.filter({ hasText: 'What I heard is that it still hurts.' })
			.getByText(`${NAMES.a}: That's right`)
	).toBeVisible();
	await a.getByRole('button', { name: 'Send' }).click();
	await expect(b.getByText('Can I say one more thing?')).toBeVisible();
	await close();
});

test('a message over the limit is counted and refused, whole, never cut', async ({ browser }) => {
	const { people, a, spaceId, close } = await scene(browser);
	const conversation = await startConversation(people.a, spaceId);
	await a.goto(conversation);
	const box = a.getByLabel('Message');
	await box.fill('Short');
	await expect(a.getByText('5 of 1,000 characters')).toBeVisible();
	const long = 'I need you to know this. '.repeat(41); // 1,025 characters
	await box.fill(long);
	await expect(
		a.getByText('25 characters over the limit of 1,000: please shorten it.')
	).toBeVisible();
	await a.getByRole('button', { name: 'Send' }).click();
	await expect(a.getByRole('alert').filter({ hasText: 'Please keep this to 1,000' })).toBeVisible();
	await expect(box).toHaveValue(long);
	await expect(a.getByText('sending…')).toHaveCount(0);
	await close();
});

test('the browser going offline shows Reconnecting at once, and the connection comes back by itself', async ({
	browser
}) => {
	const { people, a, spaceId, close } = await scene(browser);
	await a.goto(await startConversation(people.a, spaceId));
	await expect(a.getByRole('status', { name: /Connected/ })).toBeVisible();
	// The network is still there: only the browser's word that it went makes the page say so.
	await a.evaluate(() => dispatchEvent(new Event('offline')));
	await expect(a.getByRole('status', { name: /Reconnecting/ })).toBeVisible({ timeout: 1_000 });
	await expect(a.getByRole('status', { name: /Connected/ })).toBeVisible();
	await close();
});

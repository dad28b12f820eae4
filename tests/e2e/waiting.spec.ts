import { expect, test } from '@playwright/test';
import { propose, share, writeNote } from '../helpers/notes';
import { expectAccessible } from './helpers';
import { scene } from './fixtures';

test('what the partner shares and proposes appears on home by itself, and each item opens its page', async ({
	browser
}) => {
	const { people, b, spaceId, close } = await scene(browser);
	await b.goto('/home');
	await expect(b.getByRole('status', { name: 'Live updates: Connected' })).toBeVisible();
	const space = b.getByRole('listitem').filter({ has: b.getByRole('link', { name: 'Our space' }) });
	await expect(space.getByText('Nothing waiting for you here.')).toBeVisible();
	// Marks this very page, so that a reload (which would lose the mark) cannot pass for a live update.
	await b.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

	const note = await writeNote(people.a, spaceId, {
		body: 'What the walk by the river meant to me'
	});
	await share(people.a, spaceId, note, 'partner');
	const waiting = space.getByRole('list', { name: 'Waiting for you' });
	const shared = waiting.getByRole('link', {
		name: 'Something was shared with you that you have not opened yet'
	});
	await expect(shared).toBeVisible();

	await propose(people.a, spaceId, 'Sunday evening talk');
	const agreement = waiting.getByRole('link', { name: 'An agreement needs your answer' });
	await expect(agreement).toBeVisible();
	expect(await b.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
	// Home names no content: neither what was shared nor the agreement's title.
	await expect(b.getByText('walk by the river')).toHaveCount(0);
	await expect(b.getByText('Sunday evening talk')).toHaveCount(0);
	await expectAccessible(b);

	await agreement.click();
	await expect(b).toHaveURL(new RegExp(`/spaces/${spaceId}/agreements/[a-z0-9]+$`));
	await expect(b.getByRole('button', { name: 'Accept' })).toBeVisible();

	await b.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
	await shared.click();
	await expect(b.getByRole('heading', { name: 'Shared', level: 1 })).toBeVisible();
	await expect(b.getByText('What the walk by the river meant to me')).toBeVisible();

	// Opened: only the agreement still waits.
	await b.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
	await expect(agreement).toBeVisible();
	await expect(shared).toHaveCount(0);
	await close();
});

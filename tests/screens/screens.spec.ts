import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { assignCheckIn, isoDay, scene, sendCheckIn, startConversation } from '../e2e/fixtures';
import { propose, share, writeNote } from '../helpers/notes';

const folder = process.env.SCREENS_DIR ?? 'screens';
const PHONE = { width: 390, height: 844 };

async function shot(page: Page, name: string, url: string | null) {
	if (url) await page.goto(url);
	await expect(page.locator('main h1').first()).toBeVisible();
	await page.screenshot({ path: join(folder, `${name}.png`) });
}

test('the main screens at 390×844', async ({ browser }) => {
	mkdirSync(folder, { recursive: true });
	const { people, a, b, c, spaceId, spaceUrl, close } = await scene(browser, {
		counselor: true,
		stage: 2
	});
	for (const page of [a, b, c]) await page.setViewportSize(PHONE);
	const noteId = await writeNote(people.a, spaceId, {
		body: 'The drive home was quiet. I kept going over what was said at dinner, and I am tired of it.'
	});
	await writeNote(
		people.a,
		spaceId,
		{ feelings: 'hopeful', intensity: '6', note: 'A better day' },
		'emotion'
	);
	await share(people.a, spaceId, noteId, 'partner');
	await propose(people.b, spaceId, 'Phones face down at dinner');
	const schedule = await assignCheckIn(people.c!, spaceId);
	const day = isoDay(Date.now() - 7 * 86_400_000);
	await sendCheckIn(people.a, spaceId, schedule, day, '4', 'Talking on Sunday', 'Late messages');
	await sendCheckIn(people.b, spaceId, schedule, day, '6', 'The walk');
	const conversation = await startConversation(people.a, spaceId);

	await shot(a, '01-landing', '/');
	await shot(a, '02-space-home', spaceUrl);
	await shot(a, '03-stage', `${spaceUrl}/stages/2`);
	await shot(a, '04-journal', `${spaceUrl}/journal`);
	await shot(a, '05-saved-note', `${spaceUrl}/journal/${noteId}`);
	await shot(a, '06-emotion-check-in', `${spaceUrl}/journal/new?kind=emotion`);
	await a.goto(conversation);
	for (const text of [
		'I felt alone at the party, and I did not know how to say it.',
		'When you left early I wondered whether you wanted to be there at all.'
	]) {
		await a.getByLabel('Message').fill(text);
		await a.getByRole('button', { name: 'Send' }).click();
		await expect(a.getByText(text)).toBeVisible();
	}
	await shot(a, '07-live-conversation', null);
	await shot(b, '08-agreements', `${spaceUrl}/agreements`);
	await shot(c, '09-check-ins', `${spaceUrl}/checkins`);
	await shot(c, '10-caseload', '/home');
	await close();
});

import { expect, test } from '@playwright/test';
import { agreementStep, propose } from '../helpers/notes';
import { expectStatus } from '../helpers/http';
import type { Person } from '../helpers/spaces';
import { scene } from './fixtures';

/** An agreement A proposed and B accepted: in force. */
async function inForce(
	a: Person,
	b: Person,
	spaceId: string,
	title: string,
	details: string
): Promise<string> {
	const id = await propose(a, spaceId, title, details);
	await expectStatus(await agreementStep(b, spaceId, id, 'accept', { version: '1' }), 200);
	return id;
}

test('an agreement is proposed by one partner and comes into force when the other accepts, live', async ({
	browser
}) => {
	const { a, b, spaceUrl, close } = await scene(browser);
	await Promise.all([a.goto(`${spaceUrl}/agreements`), b.goto(`${spaceUrl}/agreements`)]);
	await a.getByRole('link', { name: 'Propose agreement' }).click();
	await a.getByLabel('Title').fill('Sunday evening talk');
	await a.getByLabel('Details').fill('We sit down for half an hour every Sunday at seven.');
	await a.getByRole('button', { name: 'Propose agreement' }).click();
	await expect(a.getByText('Waiting for your partner to answer.')).toBeVisible();
	await expect(a.getByRole('button', { name: 'Accept' })).toHaveCount(0);

	// B sees it arrive and may accept, decline or suggest a change; A's page turns to "In force" by itself.
	await b.getByRole('link', { name: 'Sunday evening talk' }).click();
	await expect(b.getByRole('link', { name: 'Suggest a change' })).toBeVisible();
	await expect(b.getByRole('button', { name: 'Decline' })).toBeVisible();
	await b.getByRole('button', { name: 'Accept' }).click();
	await expect(a.getByRole('heading', { name: 'In force' })).toBeVisible();
	await expect(a.getByRole('region', { name: 'In force' })).toContainText('at seven');
	await close();
});

test('a change to an agreement in force is a new version; the old one holds until both accept it', async ({
	browser
}) => {
	const { people, a, b, spaceId, spaceUrl, close } = await scene(browser);
	const id = await inForce(
		people.a,
		people.b,
		spaceId,
		'Sunday evening talk',
		'We sit down for half an hour every Sunday at seven.'
	);
	await Promise.all([
		a.goto(`${spaceUrl}/agreements/${id}`),
		b.goto(`${spaceUrl}/agreements/${id}`)
	]);

	await b.getByRole('link', { name: 'Change this agreement' }).click();
	await b.getByLabel('Details').fill('We sit down for half an hour every Sunday at eight.');
	await b.getByRole('button', { name: 'Propose this change' }).click();
	await expect(a.getByRole('heading', { name: 'A proposed change' })).toBeVisible();
	await expect(a.getByRole('region', { name: 'In force' })).toContainText('at seven');
	await a.getByRole('button', { name: 'Accept' }).click();
	await expect(b.getByRole('region', { name: 'In force' })).toContainText('at eight');
	await close();
});

test('both partners log how an agreement was kept; the record shows for both, notes stay private, the counselor only reads', async ({
	browser
}) => {
	const { people, a, b, c, spaceId, spaceUrl, close } = await scene(browser, { counselor: true });
	const id = await inForce(
		people.a,
		people.b,
		spaceId,
		'Sunday evening talk',
		'We sit down for half an hour every Sunday at eight.'
	);
	await Promise.all([
		a.goto(`${spaceUrl}/agreements/${id}`),
		b.goto(`${spaceUrl}/agreements/${id}`)
	]);

	await a.getByRole('radio', { name: 'Kept', exact: true }).check();
	await a.getByLabel('A note (optional)').fill('Felt good, private to me');
	await a.getByRole('button', { name: 'Log it' }).click();
	await expect(a.getByText('Noted.')).toBeVisible();
	await b.getByRole('radio', { name: 'Partly kept' }).check();
	await b.getByRole('button', { name: 'Log it' }).click();
	for (const page of [a, b]) {
		await expect(
			page.getByRole('img', { name: 'How this agreement was kept, week by week' })
		).toBeVisible();
		await expect(page.getByRole('region', { name: 'Record' })).toContainText('Partly kept');
	}
	await expect(b.getByText('Felt good, private to me')).toHaveCount(0);

	// The counselor sees the agreement and its record, nothing private, and cannot act.
	await c.goto(`${spaceUrl}/agreements`);
	await expect(c.getByRole('img', { name: /How agreements were kept/ })).toBeVisible();
	await c.getByRole('link', { name: 'Sunday evening talk' }).click();
	await expect(c.getByRole('region', { name: 'In force' })).toContainText('at eight');
	await expect(c.getByRole('region', { name: 'Record' })).toContainText('Partly kept');
	await expect(c.getByText('Felt good, private to me')).toHaveCount(0);
	await expect(c.getByRole('button', { name: 'Log it' })).toHaveCount(0);
	await expect(c.getByRole('button', { name: 'Accept' })).toHaveCount(0);
	await close();
});

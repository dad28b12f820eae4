import { expect, test } from '@playwright/test';
import { expectStatus } from '../helpers/http';
import { writeNote } from '../helpers/notes';
import { readDb } from '../helpers/spaces';
import { mailFor, scene } from './fixtures';

test('a partner shares something while the other is away: one neutral email arrives', async ({
	browser
}) => {
	const { people, spaceId, a, close } = await scene(browser);
	const { b } = people;
	// B has asked to be emailed about shares, and has no page of Trellis open.
	await expectStatus(
		await b.visitor.post('/account?/setNotifications', [
			['form', 'notifications'],
			['email', 'shared'],
			['email', 'agreements']
		]),
		200
	);
	// A shares from their own device.
	const note = await writeNote(people.a, spaceId, { body: 'The evening it all came out, MARKER' });
	await a.goto(`/spaces/${spaceId}/journal/${note}`);
	await a.getByRole('link', { name: 'Share…' }).click();
	await a.getByRole('radio', { name: 'Partner' }).check();
	await a.getByRole('button', { name: 'Share' }).click();
	await expect(a.getByText('Shared. You can withdraw it')).toBeVisible();

	const mail = await mailFor(b.email, /There is something new for you in Trellis/);
	expect(mail.text).toContain('There is something new for you in Trellis.');
	expect(`${mail.subject}\n${mail.text}\n${mail.html}`).not.toMatch(/MARKER|evening|Ari|share/i);
	expect(mail.raw).toMatch(/^List-Unsubscribe:\s+<http:\/\/127\.0\.0\.1:\d+\/unsubscribe\//m);
	expect(mail.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
	const sent = readDb<{ n: number }>(
		process.env.E2E_DB!,
		"select count(*) as n from mail_outbox where to_address = ? and kind = 'notification'",
		b.email
	);
	expect(sent).toEqual([{ n: 1 }]);
	await close();
});

import { expect, test } from '@playwright/test';
import { coupleWithCounselor, expectAccessible, PASSWORD, signUp, startNewNote, writeFirstNote } from './helpers';

test('private notes stay private; sharing and withdrawing reach the partner live', async ({ browser }) => {
	const { a, b, c, spaceUrl, close } = await coupleWithCounselor(browser);
	const secret = `Only for me ${Date.now()}`;

	// A writes a note in the journal.
	await a.getByRole('link', { name: 'My journal' }).click();
	await expectAccessible(a);
	await a.getByRole('link', { name: 'New note' }).click();
	await a.getByLabel('Note', { exact: true }).fill(secret);
	await a.getByRole('button', { name: 'Save' }).click();
	await expect(a.getByText('Saved.')).toBeVisible();
	const noteUrl = a.url().replace(/\?.*$/, '');
	await expectAccessible(a);

	// Nobody else can open it, or find it anywhere.
	for (const other of [b, c]) {
		await other.goto(noteUrl);
		await expect(other.getByRole('heading', { name: 'Nothing here' })).toBeVisible();
		await expect(other.getByText(secret)).toHaveCount(0);
		await other.goto(`${spaceUrl}/shared`);
		await expect(other.getByText(secret)).toHaveCount(0);
	}

	// A shares a copy with the partner: B's open page shows it without a reload; the counselor's does not.
	await a.getByRole('link', { name: 'Share…' }).click();
	await expect(a.getByRole('region', { name: 'What will be shared' })).toContainText(secret);
	await expectAccessible(a);
	await a.getByRole('radio', { name: 'Partner' }).check();
	await a.getByRole('button', { name: 'Share' }).click();
	await expect(a.getByText('Shared. You can withdraw it')).toBeVisible();
	await expect(b.getByText(secret)).toBeVisible();
	await expect(c.getByText(secret)).toHaveCount(0);
	await expectAccessible(b);

	// B says they read it; A sees that, live.
	await b.getByRole('button', { name: 'I read this' }).click();
	await expect(a.getByText(/Bo read it/)).toBeVisible();

	// A withdraws it: it disappears from B's page at once.
	await a.getByRole('button', { name: 'Withdraw' }).click();
	await expect(b.getByText(secret)).toHaveCount(0);
	await expect(a.getByText(/Withdrawn .*nobody else can see it/)).toBeVisible();
	await close();
});

test('what is being written survives a reload', async ({ browser }) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signUp(page, 'Dee');
	await page.getByRole('button', { name: 'Create space' }).click();
	await page.getByRole('link', { name: 'My journal' }).click();
	await page.getByRole('link', { name: 'Thought record', exact: true }).click();
	await page.getByLabel('The thought', { exact: true }).fill('Nothing will ever be the same');
	await page.reload();
	await expect(page.getByLabel('The thought', { exact: true })).toHaveValue('Nothing will ever be the same');
	// The server has it too, so another device (or a lost tab) finds it.
	// Saved on the server too: shown, not announced (that would happen at every pause in typing).
	await expect(page.getByText('Draft saved')).toBeVisible();
	await expect(page.getByRole('status').filter({ hasText: 'Draft saved' })).toHaveCount(0);
	await expectAccessible(page);
	await page.goto(page.url().replace(/\/journal\/.*/, '/journal'));
	await expect(page.getByRole('link', { name: 'Continue where you left off: Thought record' })).toBeVisible();

	// An emotion check-in, and the chart of one's own feelings over time.
	await page.getByRole('link', { name: 'Emotion check-in', exact: true }).click();
	await expectAccessible(page);
	await page.getByRole('group', { name: 'Fear' }).getByRole('checkbox', { name: 'Anxious' }).check();
	await page.getByRole('group', { name: 'Hope' }).getByRole('checkbox', { name: 'Hopeful' }).check();
	await page.getByLabel('How strong is it right now? (0 to 10)').fill('6');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Saved.')).toBeVisible();
	await page.getByRole('link', { name: 'Back to my journal' }).click();
	// Each note's link says what it opens: its kind and when it was written.
	await page.getByRole('link', { name: /^Emotion check-in · .*\d{4}/ }).click();
	await expect(page.getByText('Anxious')).toBeVisible();
	await page.getByRole('link', { name: 'Back to my journal' }).click();
	// A stale link to a page past the oldest note leads back up to the notes.
	await expect(page).toHaveURL(/\/journal$/);
	const journalUrl = page.url();
	await page.goto(`${journalUrl}?before=1`);
	await expect(page.getByText('Nothing on this page any more.')).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('navigation', { name: 'Pages of my notes' }).getByRole('link', { name: 'Newer notes' }).click();
	await expect(page.getByRole('link', { name: /^Emotion check-in · .*\d{4}/ })).toBeVisible();
	// The stage's prompts are a link away; one opens a guided entry with its words above the box.
	await page.getByRole('link', { name: 'Write from a prompt' }).click();
	await expect(page.getByRole('heading', { name: 'Prompts for this stage', level: 1 })).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('link', { name: 'Write about this: Trust in the family you grew up in' }).click();
	await expect(page.getByRole('heading', { name: 'A guided entry' })).toBeVisible();
	await expect(page.getByText(/^Think back to the home you grew up in\./)).toBeVisible();
	await page.goto(journalUrl);
	await page.getByRole('link', { name: 'How my feelings have moved over time' }).click();
	await expect(page.getByRole('img', { name: /Intensity of 1 check-in over time/ })).toBeVisible();
	await expect(page.getByText('Fear: 1 check-in')).toBeVisible();
	await expectAccessible(page);
	await context.close();
});

test('without JavaScript, a note is written, edited and refused without losing a word', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	const first = 'The first lines.\nWritten on a slow evening.';
	await writeFirstNote(page, 'Noa', first);
	// The note opens with its words in the box, and an edit keeps them and adds to them.
	await expect(page.getByLabel('Note', { exact: true })).toHaveValue(first);
	await page.getByLabel('Note', { exact: true }).press('Control+End');
	await page.getByLabel('Note', { exact: true }).pressSequentially(' And one more.');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Saved.', { exact: true })).toBeVisible();
	await page.reload();
	await expect(page.getByLabel('Note', { exact: true })).toHaveValue(`${first} And one more.`);

	// A refused check-in comes back with what was written still in its box.
	await page.getByRole('link', { name: 'Back to my journal' }).click();
	await page.getByRole('link', { name: 'Emotion check-in', exact: true }).click();
	await page.getByLabel('Anything you want to add (optional)').fill('No feeling picked, but these words stay.');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Please pick at least one feeling.')).toBeVisible();
	await expect(page.getByLabel('Anything you want to add (optional)')).toHaveValue('No feeling picked, but these words stay.');
	await context.close();
});

test('a note opened on a slow connection shows its words at once, and keeps what is typed before the page comes alive', async ({ browser }) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	const noteUrl = await writeFirstNote(page, 'Sol', 'Words already saved.');

	let release: () => void = () => {};
	const held = new Promise<void>((ok) => (release = ok));
	await page.route('**/_app/immutable/**/*.js', async (route) => {
		await held;
		await route.continue();
	});
	await page.goto(noteUrl, { waitUntil: 'domcontentloaded' });
	await expect(page.getByLabel('Note', { exact: true })).toHaveValue('Words already saved.');
	await page.getByLabel('Note', { exact: true }).press('Control+End');
	await page.getByLabel('Note', { exact: true }).pressSequentially(' Typed early.');
	release();
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await expect(page.getByLabel('Note', { exact: true })).toHaveValue('Words already saved. Typed early.');
	await context.close();
});

test('writing continued after the session ran out is there again after logging in', async ({ browser }) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	const email = await startNewNote(page, 'Eli');
	const box = page.getByLabel('Note', { exact: true });
	await box.fill('Written while still logged in.');
	await expect(page.getByText('Draft saved')).toBeVisible();
	// The session runs out (its cookie is gone); writing goes on, then Save leads to log-in.
	await context.clearCookies({ name: 'trellis_session' });
	await box.press('Control+End');
	await box.pressSequentially(' Written after.');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page.getByLabel('Note', { exact: true })).toHaveValue('Written while still logged in. Written after.');
	await expect(page.getByText('We brought back what you were writing.')).toBeVisible();
	await context.close();
});

test('a device whose clock is off still gets back what it had not sent yet', async ({ browser }) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	// Ten minutes slow, and running.
	await page.clock.install({ time: new Date(Date.now() - 10 * 60_000) });
	await page.clock.resume();
	await startNewNote(page, 'Cy');
	const box = page.getByLabel('Note', { exact: true });
	await box.fill('First paragraph.');
	await expect(page.getByText('Draft saved')).toBeVisible();
	// The next save does not get through; the words stay in the tab.
	const drafts = (url: URL) => url.search.startsWith('?/saveDraft');
	await page.route(drafts, (route) => route.abort());
	await box.press('Control+End');
	await box.pressSequentially(' Second paragraph.');
	await expect(page.getByText('Kept on this device for now')).toBeVisible();
	await page.unroute(drafts);
	await page.reload();
	await expect(page.getByLabel('Note', { exact: true })).toHaveValue('First paragraph. Second paragraph.');
	await context.close();
});

test('two new notes begun at once on two devices are kept apart, and both can be finished', async ({ browser }) => {
	const context = await browser.newContext();
	const laptop = await context.newPage();
	await startNewNote(laptop, 'Lu');
	const phone = await context.newPage();
	await phone.goto(laptop.url());
	await phone.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await laptop.getByLabel('Note', { exact: true }).fill('Written on the laptop.');
	await expect(laptop.getByText('Draft saved')).toBeVisible();
	// The phone's draft is kept under a name of its own, which its address now carries.
	await phone.getByLabel('Note', { exact: true }).fill('Written on the phone.');
	await expect(phone).toHaveURL(/[?&]draft=[a-z0-9]{6}/);
	for (const [page, words] of [[laptop, 'Written on the laptop.'], [phone, 'Written on the phone.']] as const) {
		await page.reload();
		await expect(page.getByLabel('Note', { exact: true })).toHaveValue(words);
	}
	await phone.getByRole('button', { name: 'Save' }).click();
	await expect(phone.getByText('Saved.', { exact: true })).toBeVisible();
	await laptop.getByRole('link', { name: 'Back to my journal' }).click();
	await expect(laptop.getByRole('link', { name: /^Continue where you left off: Journal entry/ })).toHaveCount(1);
	await laptop.getByRole('link', { name: /^Continue where you left off: Journal entry/ }).click();
	await expect(laptop.getByLabel('Note', { exact: true })).toHaveValue('Written on the laptop.');
	await context.close();
});

test('a note changed on two devices at once: the second save shows both versions before replacing anything', async ({ browser }) => {
	const context = await browser.newContext();
	const laptop = await context.newPage();
	const noteUrl = await writeFirstNote(laptop, 'Ida', 'The first version.');
	const phone = await context.newPage();
	await phone.goto(noteUrl);

	// The laptop starts changing it; meanwhile the phone saves a change of its own.
	await laptop.getByLabel('Note', { exact: true }).fill('The laptop version.');
	await expect(laptop.getByText('Draft saved')).toBeVisible();
	await phone.getByLabel('Note', { exact: true }).fill('The phone version.');
	await phone.getByRole('button', { name: 'Save' }).click();
	await expect(phone.getByText('Saved.', { exact: true })).toBeVisible();
	// The laptop hears of it live (the note now says when it was changed), its words untouched.
	await expect(laptop.getByText(/, changed /)).toBeVisible();
	await expect(laptop.getByLabel('Note', { exact: true })).toHaveValue('The laptop version.');

	await laptop.getByRole('button', { name: 'Save' }).click();
	await expect(laptop.getByText('This note was saved from another device after you opened it.')).toBeVisible();
	const savedNow = laptop.getByRole('region', { name: 'Saved now, from your other device' });
	await expect(savedNow).toContainText('The phone version.');
	await expect(laptop.getByLabel('Note', { exact: true })).toHaveValue('The laptop version.');
	await expectAccessible(laptop);
	// Saving again, knowingly, replaces it.
	await laptop.getByRole('button', { name: 'Save' }).click();
	await expect(laptop.getByText('Saved.', { exact: true })).toBeVisible();
	await phone.reload();
	await expect(phone.getByLabel('Note', { exact: true })).toHaveValue('The laptop version.');
	await context.close();
});

test('an agreement: proposed, accepted live, changed, re-accepted, kept, and seen by the counselor', async ({ browser }) => {
	const { a, b, c, spaceUrl, close } = await coupleWithCounselor(browser);
	await b.goto(`${spaceUrl}/agreements`);

	await a.goto(`${spaceUrl}/agreements`);
	await a.getByRole('link', { name: 'Propose agreement' }).click();
	await a.getByLabel('Title').fill('Sunday evening talk');
	await a.getByLabel('Details').fill('We sit down for half an hour every Sunday at seven.');
	await expectAccessible(a);
	await a.getByRole('button', { name: 'Propose agreement' }).click();
	await expect(a.getByText('Waiting for your partner to answer.')).toBeVisible();

	// B sees it arrive and accepts; A's page turns to "In force" by itself.
	await b.getByRole('link', { name: 'Sunday evening talk' }).click();
	await expect(b.getByRole('button', { name: 'Accept' })).toBeVisible();
	await expect(b.getByRole('link', { name: 'Suggest a change' })).toBeVisible();
	await expect(b.getByRole('button', { name: 'Decline' })).toBeVisible();
	await expectAccessible(b);
	await b.getByRole('button', { name: 'Accept' }).click();
	await expect(a.getByRole('heading', { name: 'In force' })).toBeVisible();

	// B changes it; the old version holds until A accepts the new one.
	await b.getByRole('link', { name: 'Change this agreement' }).click();
	await b.getByLabel('Details').fill('We sit down for half an hour every Sunday at eight.');
	await b.getByRole('button', { name: 'Propose this change' }).click();
	await expect(a.getByRole('heading', { name: 'A proposed change' })).toBeVisible();
	await expect(a.getByRole('region', { name: 'In force' })).toContainText('at seven');
	await a.getByRole('button', { name: 'Accept' }).click();
	await expect(b.getByRole('region', { name: 'In force' })).toContainText('at eight');

	// Both note how it was kept; the record and its chart appear for both.
	await a.getByRole('radio', { name: 'Kept', exact: true }).check();
	await a.getByLabel('A note (optional)').fill('Felt good, private to me');
	await a.getByRole('button', { name: 'Log it' }).click();
	await expect(a.getByText('Noted.')).toBeVisible();
	await b.getByRole('radio', { name: 'Partly kept' }).check();
	await b.getByRole('button', { name: 'Log it' }).click();
	for (const page of [a, b]) {
		await expect(page.getByRole('img', { name: 'How this agreement was kept, week by week' })).toBeVisible();
		await expect(page.getByRole('region', { name: 'Record' })).toContainText('Partly kept');
	}
	await expect(b.getByText('Felt good, private to me')).toHaveCount(0);

	// The counselor sees the agreement and its record, nothing private, and cannot act.
	await c.goto(`${spaceUrl}/agreements`);
	await expect(c.getByRole('img', { name: /How agreements were kept/ })).toBeVisible();
	await c.getByRole('link', { name: 'Sunday evening talk' }).click();
	await expect(c.getByRole('region', { name: 'In force' })).toContainText('at eight');
	await expect(c.getByText('Felt good, private to me')).toHaveCount(0);
	await expect(c.getByRole('button', { name: 'Log it' })).toHaveCount(0);
	await expect(c.getByRole('button', { name: 'Accept' })).toHaveCount(0);
	await expectAccessible(c);
	await close();
});

test("times are written in the account's time zone until the page comes alive, then in the device's own", async ({ browser }) => {
	// The device is in Tokyo; the account is told New York.
	const context = await browser.newContext({ timezoneId: 'Asia/Tokyo' });
	const page = await context.newPage();
	const noteUrl = await writeFirstNote(page, 'Kai', 'A few lines before bed.');
	await page.goto('/account');
	await page.getByRole('combobox', { name: 'Time zone' }).selectOption('America/New_York');
	await page.getByRole('button', { name: 'Save time zone' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
	const journal = noteUrl.replace(/\/journal\/.*$/, '/journal');
	const inZone = (iso: string, timeZone: string) =>
		new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso)).replaceAll('\u202f', ' ');

	// The page as the server sends it (and as it stays without scripts): the account's zone.
	const sent = await (await page.request.get(journal)).text();
	const [, iso, shown] = /<time datetime="([^"]+)">([^<]+)<\/time>/.exec(sent)!;
	expect(shown!.replaceAll('\u202f', ' ')).toBe(inZone(iso!, 'America/New_York'));
	// Once it runs in the browser: the device's zone.
	await page.goto(journal);
	const time = page.locator(`time[datetime="${iso}"]`);
	await expect.poll(async () => (await time.textContent())?.replaceAll('\u202f', ' ')).toBe(inZone(iso!, 'Asia/Tokyo'));
	await context.close();
});

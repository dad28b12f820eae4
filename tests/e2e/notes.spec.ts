import { expect, test } from '@playwright/test';
import { writeNote } from '../helpers/notes';
import { PASSWORD } from './helpers';
import { alone, NAMES, scene } from './fixtures';

test('a note written in the journal is for its author alone', async ({ browser }) => {
	const { a, b, c, spaceUrl, close } = await scene(browser, { counselor: true });
	const secret = `Only for me ${Date.now()}`;
	await a.goto(spaceUrl);
	await a.getByRole('link', { name: 'My journal' }).click();
	await a.getByRole('link', { name: 'New note' }).click();
	await a.getByLabel('Note', { exact: true }).fill(secret);
	await a.getByRole('button', { name: 'Save' }).click();
	await expect(a.getByText('Saved.')).toBeVisible();
	const noteUrl = a.url().replace(/\?.*$/, '');

	// Nobody else can open it, or find it anywhere.
	for (const other of [b, c]) {
		await other.goto(noteUrl);
		await expect(other.getByRole('heading', { name: 'Nothing here' })).toBeVisible();
		await expect(other.getByText(secret)).toHaveCount(0);
		await other.goto(`${spaceUrl}/shared`);
		await expect(other.getByRole('heading', { name: 'Nothing here' })).toHaveCount(0);
		await expect(other.getByText(secret)).toHaveCount(0);
	}
	await close();
});

test('sharing a copy reaches the partner live, and withdrawing it takes it away at once', async ({
	browser
}) => {
	const { people, a, b, c, spaceId, spaceUrl, close } = await scene(browser, { counselor: true });
	const secret = `Shared on purpose ${Date.now()}`;
	const noteId = await writeNote(people.a, spaceId, { body: secret });
	await Promise.all([
		a.goto(`${spaceUrl}/journal/${noteId}`),
		b.goto(`${spaceUrl}/shared`),
		c.goto(`${spaceUrl}/shared`)
	]);

	// A shares a copy with the partner: B's open page shows it without a reload; the counselor's does not.
	await a.getByRole('link', { name: 'Share…' }).click();
	await expect(a.getByRole('region', { name: 'What will be shared' })).toContainText(secret);
	await a.getByRole('radio', { name: 'Partner' }).check();
	await a.getByRole('button', { name: 'Share' }).click();
	await expect(a.getByText('Shared. You can withdraw it')).toBeVisible();
	await expect(b.getByText(secret)).toBeVisible();
	await expect(c.getByText(secret)).toHaveCount(0);

	// B says they read it; A sees that, live.
	await b.getByRole('button', { name: 'I read this' }).click();
	await expect(a.getByText(new RegExp(`${NAMES.b} read it`))).toBeVisible();

	// A withdraws it: it disappears from B's page at once.
	await a.getByRole('button', { name: 'Withdraw' }).click();
	await expect(b.getByText(secret)).toHaveCount(0);
	await expect(a.getByText(/^Shared .*; withdrawn .*\.$/)).toBeVisible();
	await expect(a.getByText(secret)).toHaveCount(0);
	await close();
});

test('what is being written survives a reload, and the journal offers to continue it', async ({
	browser
}) => {
	const { page, spaceUrl } = await alone(browser, 'Dee');
	await page.goto(`${spaceUrl}/journal/new?kind=thought`);
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.getByLabel('The thought', { exact: true }).fill('Nothing will ever be the same');
	await page.reload();
	await expect(page.getByLabel('The thought', { exact: true })).toHaveValue(
		'Nothing will ever be the same'
	);
	// Saved on the server too: shown, not announced (that would happen at every pause in typing).
	await expect(page.getByText('Draft saved')).toBeVisible();
	await expect(page.getByRole('status').filter({ hasText: 'Draft saved' })).toHaveCount(0);
	// The server has it, so another device (or a lost tab) finds it.
	await page.goto(`${spaceUrl}/journal`);
	await page.getByRole('link', { name: 'Continue where you left off: Thought record' }).click();
	await expect(page.getByLabel('The thought', { exact: true })).toHaveValue(
		'Nothing will ever be the same'
	);
	await page.context().close();
});

test('an emotion check-in is saved, opens from the journal, and joins the chart of one’s feelings', async ({
	browser
}) => {
	const { page, spaceUrl } = await alone(browser, 'Emi');
	await page.goto(`${spaceUrl}/journal`);
	await page.getByRole('link', { name: 'Emotion check-in', exact: true }).click();
	await page
		.getByRole('group', { name: 'Fear' })
		.getByRole('checkbox', { name: 'Anxious' })
		.check();
	await page
		.getByRole('group', { name: 'Hope' })
		.getByRole('checkbox', { name: 'Hopeful' })
		.check();
	await page.getByLabel('How strong is it right now? (0 to 10)').fill('6');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Saved.')).toBeVisible();
	await page.getByRole('link', { name: 'Back to my journal' }).click();
	// Each note's link says what it opens: its kind and when it was written.
	await page.getByRole('link', { name: /^Emotion check-in · .*\d{4}/ }).click();
	await expect(page.getByText('Anxious')).toBeVisible();
	await page.getByRole('link', { name: 'Back to my journal' }).click();
	await page.getByRole('link', { name: 'How my feelings have moved over time' }).click();
	await expect(page.getByRole('img', { name: /Intensity of 1 check-in over time/ })).toBeVisible();
	await expect(page.getByText('Fear: 1 check-in')).toBeVisible();
	await page.context().close();
});

test('a stale page of the journal leads back to the notes, and a prompt opens a guided entry', async ({
	browser
}) => {
	const { me, page, spaceId, spaceUrl } = await alone(browser, 'Pim');
	await writeNote(me, spaceId, { body: 'One evening, written down.' });
	// A stale link to a page past the oldest note leads back up to the notes.
	await page.goto(`${spaceUrl}/journal?before=1`);
	await expect(page.getByText('Nothing on this page any more.')).toBeVisible();
	await page
		.getByRole('navigation', { name: 'Pages of my notes' })
		.getByRole('link', { name: 'Newer notes' })
		.click();
	await expect(page.getByRole('link', { name: /^Free note · .*\d{4}/ })).toBeVisible();
	// The stage's prompts are a link away; one opens a guided entry with its words above the box.
	await page.getByRole('link', { name: 'Write from a prompt' }).click();
	await expect(
		page.getByRole('heading', { name: 'Prompts for this stage', level: 1 })
	).toBeVisible();
	await page
		.getByRole('link', { name: 'Write about this: Trust in the family you grew up in' })
		.click();
	await expect(page.getByRole('heading', { name: 'A guided entry' })).toBeVisible();
	await expect(page.getByText(/^Think back to the home you grew up in\./)).toBeVisible();
	await page.context().close();
});

test('without JavaScript, a note is written, edited and refused without losing a word', async ({
	browser
}) => {
	const { page, spaceUrl } = await alone(browser, 'Noa', { javaScriptEnabled: false });
	const first = 'The first lines.\nWritten on a slow evening.';
	await page.goto(`${spaceUrl}/journal/new`);
	await page.getByLabel('Note', { exact: true }).fill(first);
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Saved.', { exact: true })).toBeVisible();
	// The note opens to read; Edit shows its words in the box, and an edit keeps them and adds to them.
	await page.getByRole('link', { name: 'Edit', exact: true }).click();
	await expect(page.getByLabel('Note', { exact: true })).toHaveValue(first);
	await page.getByLabel('Note', { exact: true }).press('Control+End');
	await page.getByLabel('Note', { exact: true }).pressSequentially(' And one more.');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Saved.', { exact: true })).toBeVisible();
	await expect(page.getByText('Written on a slow evening. And one more.')).toBeVisible();
	await page.getByRole('link', { name: 'Edit', exact: true }).click();
	await expect(page.getByLabel('Note', { exact: true })).toHaveValue(`${first} And one more.`);
	await page.getByRole('link', { name: 'Back to the note' }).click();

	// A refused check-in comes back with what was written still in its box.
	await page.getByRole('link', { name: 'Back to my journal' }).click();
	await page.getByRole('link', { name: 'Emotion check-in', exact: true }).click();
	await page
		.getByLabel('Anything you want to add (optional)')
		.fill('No feeling picked, but these words stay.');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('Please pick at least one feeling.')).toBeVisible();
	await expect(page.getByLabel('Anything you want to add (optional)')).toHaveValue(
		'No feeling picked, but these words stay.'
	);
	await page.context().close();
});

test('a note opened on a slow connection shows its words at once, and keeps what is typed before the page comes alive', async ({
	browser
}) => {
	const { me, page, spaceId, spaceUrl } = await alone(browser, 'Sol');
	const noteId = await writeNote(me, spaceId, { body: 'Words already saved.' });

	let release: () => void = () => {};
	const held = new Promise<void>((ok) => (release = ok));
	await page.route('**/_app/immutable/**/*.js', async (route) => {
		await held;
		await route.continue();
	});
	await page.goto(`${spaceUrl}/journal/${noteId}/edit`, { waitUntil: 'domcontentloaded' });
	await expect(page.getByLabel('Note', { exact: true })).toHaveValue('Words already saved.');
	await page.getByLabel('Note', { exact: true }).press('Control+End');
	await page.getByLabel('Note', { exact: true }).pressSequentially(' Typed early.');
	release();
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await expect(page.getByLabel('Note', { exact: true })).toHaveValue(
		'Words already saved. Typed early.'
	);
	await page.context().close();
});

test('writing continued after the session ran out is there again after logging in', async ({
	browser
}) => {
	const { me, page, spaceUrl } = await alone(browser, 'Eli');
	await page.goto(`${spaceUrl}/journal/new`);
	// Drafts are saved by the page's script (what is typed before it runs stays in the box).
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	const box = page.getByLabel('Note', { exact: true });
	await box.fill('Written while still logged in.');
	await expect(page.getByText('Draft saved')).toBeVisible();
	// The session runs out (its cookie is gone); writing goes on, then Save leads to log-in.
	await page.context().clearCookies({ name: 'trellis_session' });
	await box.press('Control+End');
	await box.pressSequentially(' Written after.');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible();
	await page.getByLabel('Email').fill(me.email);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page.getByLabel('Note', { exact: true })).toHaveValue(
		'Written while still logged in. Written after.'
	);
	await expect(page.getByText('We brought back what you were writing.')).toBeVisible();
	await page.context().close();
});

test('a device whose clock is off still gets back what it had not sent yet', async ({
	browser
}) => {
	const { page, spaceUrl } = await alone(browser, 'Cy');
	// Ten minutes slow, and running.
	await page.clock.install({ time: new Date(Date.now() - 10 * 60_000) });
	await page.clock.resume();
	await page.goto(`${spaceUrl}/journal/new`);
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
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
	await expect(page.getByLabel('Note', { exact: true })).toHaveValue(
		'First paragraph. Second paragraph.'
	);
	await page.context().close();
});

test('two new notes begun at once on two devices are kept apart, and both can be finished', async ({
	browser
}) => {
	const { page: laptop, spaceUrl } = await alone(browser, 'Lu');
	await laptop.goto(`${spaceUrl}/journal/new`);
	const phone = await laptop.context().newPage();
	await phone.goto(laptop.url());
	await phone.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await laptop.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await laptop.getByLabel('Note', { exact: true }).fill('Written on the laptop.');
	await expect(laptop.getByText('Draft saved')).toBeVisible();
	// The phone's draft is kept under a name of its own, which its address now carries.
	await phone.getByLabel('Note', { exact: true }).fill('Written on the phone.');
	await expect(phone).toHaveURL(/[?&]draft=[a-z0-9]{6}/);
	for (const [page, words] of [
		[laptop, 'Written on the laptop.'],
		[phone, 'Written on the phone.']
	] as const) {
		await page.reload();
		await expect(page.getByLabel('Note', { exact: true })).toHaveValue(words);
	}
	await phone.getByRole('button', { name: 'Save' }).click();
	await expect(phone.getByText('Saved.', { exact: true })).toBeVisible();
	await laptop.getByRole('link', { name: 'Back to my journal' }).click();
	await expect(
		laptop.getByRole('link', { name: /^Continue where you left off: Free note/ })
	).toHaveCount(1);
	await laptop.getByRole('link', { name: /^Continue where you left off: Free note/ }).click();
	await expect(laptop.getByLabel('Note', { exact: true })).toHaveValue('Written on the laptop.');
	await laptop.context().close();
});

test('a note changed on two devices at once: the second save shows both versions before replacing anything', async ({
	browser
}) => {
	const { me, page: laptop, spaceId, spaceUrl } = await alone(browser, 'Ida');
	const noteUrl = `${spaceUrl}/journal/${await writeNote(me, spaceId, { body: 'The first version.' })}/edit`;
	const phone = await laptop.context().newPage();
	await Promise.all([laptop.goto(noteUrl), phone.goto(noteUrl)]);
	await laptop.locator('html[data-hydrated]').waitFor({ state: 'attached' });

	// The laptop starts changing it; meanwhile the phone saves a change of its own.
	await laptop.getByLabel('Note', { exact: true }).fill('The laptop version.');
	await expect(laptop.getByText('Draft saved')).toBeVisible();
	await phone.getByLabel('Note', { exact: true }).fill('The phone version.');
	await phone.getByRole('button', { name: 'Save' }).click();
	await expect(phone.getByText('Saved.', { exact: true })).toBeVisible();
	// The laptop hears of it live (the note now says when it was changed), its words untouched.
	await expect(laptop.getByText(/,\s+changed\s/)).toBeVisible();
	await expect(laptop.getByLabel('Note', { exact: true })).toHaveValue('The laptop version.');

	await laptop.getByRole('button', { name: 'Save' }).click();
	await expect(
		laptop.getByText('This note was saved from another device after you opened it.')
	).toBeVisible();
	const savedNow = laptop.getByRole('region', { name: 'Saved now, from your other device' });
	await expect(savedNow).toContainText('The phone version.');
	await expect(laptop.getByLabel('Note', { exact: true })).toHaveValue('The laptop version.');
	// Saving again, knowingly, replaces it.
	await laptop.getByRole('button', { name: 'Save' }).click();
	await expect(laptop.getByText('Saved.', { exact: true })).toBeVisible();
	await phone.reload();
	await expect(phone.getByText('The laptop version.')).toBeVisible();
	await laptop.context().close();
});

test("times are written in the account's time zone until the page comes alive, then in the device's own", async ({
	browser
}) => {
	// The device is in Tokyo; the account is told New York.
	const { me, page, spaceId, spaceUrl } = await alone(browser, 'Kai', { timezoneId: 'Asia/Tokyo' });
	await writeNote(me, spaceId, { body: 'A few lines before bed.' });
	await page.goto('/account');
	await page.getByRole('combobox', { name: 'Time zone' }).selectOption('America/New_York');
	await page.getByRole('button', { name: 'Save time zone' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
	const journal = `${spaceUrl}/journal`;
	const inZone = (iso: string, timeZone: string) =>
		new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone })
			.format(new Date(iso))
			.replaceAll('\u202f', ' ');

	// The page as the server sends it (and as it stays without scripts): the account's zone.
	const sent = await (await page.request.get(journal)).text();
	const [, iso, shown] = /<time datetime="([^"]+)">([^<]+)<\/time>/.exec(sent)!;
	expect(shown!.replaceAll('\u202f', ' ')).toBe(inZone(iso!, 'America/New_York'));
	// Once it runs in the browser: the device's zone.
	await page.goto(journal);
	const time = page.locator(`time[datetime="${iso}"]`);
	await expect
		.poll(async () => (await time.textContent())?.replaceAll('\u202f', ' '))
		.toBe(inZone(iso!, 'Asia/Tokyo'));
	await page.context().close();
});

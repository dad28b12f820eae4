import { expect, test, type Page } from '@playwright/test';
import { expectStatus, PASSWORD, uniqueEmail, Visitor } from '../helpers/http';
import { answers, choose, submitAnswers } from '../helpers/journey';
import { agreementStep, clientId, propose, share, writeNote } from '../helpers/notes';
import { createSpace, inviteFrom, join, readDb, type Person } from '../helpers/spaces';
import { expectAccessible } from './helpers';
import { linkIn } from '../helpers/mailbox';
import { Authenticator, keyFromText } from '../helpers/two-step';
import {
	alone,
	assignCheckIn,
	deviceOf,
	isoDay,
	mailFor,
	NAMES,
	origin,
	scene,
	sendCheckIn,
	someone,
	startConversation
} from './fixtures';

/**
 * Every kind of page, in both colour schemes, checked by axe here and only here; the journeys
 * elsewhere check behaviour. Pages scanned:
 * - visitors: /, /signup (also with errors), /login, /resources, /breathe, /goodbye, a page not
 *   found, an invite link opened logged out; /forgot before and after asking, a reset link that
 *   works and one that no longer does, and log-in after a new password is set
 * - accounts (wide and 360 px): /home, /account, /account/devices, /logout, /unlock (also with
 *   a wrong password); /account/delete,
 *   /account/export, /join, a used invite
 * - two-step verification: a counselor's /home and /account with the suggestion to turn it on,
 *   setting it up, the recovery codes shown once, the account page with it on; log-in's code
 *   step (also with a wrong code) and its recovery-code variant
 * - a space: its home with a new invite, the join form, support after "not sure" and after "no", the note
 *   before a conversation for someone who said "no", one's safety
 *   answer, leaving, the journey so far, This space, More, a counselor waiting for approval, a
 *   counselor's view of the space (with This space and More), counselor notes, check-in
 *   templates; a counselor approved by one partner of two, and the notices a decline leaves (for
 *   the counselor and for the partner who had approved); on a phone, the space home and This
 *   space with the places at the bottom
 * - at 390 px: the caseload (sorted), a template being changed, archived templates, a counselor
 *   note being changed and one asked about before deleting
 * - the journal: the list (with notes shared, withdrawn and private), a new note, a thought
 *   record being drafted, an emotion check-in (with feelings ticked), a guided entry, a saved
 *   note to read (also just saved, and with changes not saved yet), editing it, a note saved
 *   from two devices, sharing, what I've shared / what was shared with me, feelings over time,
 *   the prompts, an empty page of notes
 * - the time-zone list on the account page, searched
 * - the stages: each stage's page (with its guidance opened), the greeting on reaching a stage,
 *   stage 3 unanswered, sealed and compared, a sealed stage-4
 *   choice, one set aside by going back, stepping back, the closing page (after a step back, and
 *   after a partner left: for the partner who stayed and for the counselor), one's copy
 * - agreements: the list with its chart, proposing, one waiting for an answer, one in force
 *   with its record, changing it, the counselor's view
 * - conversations: the list, starting one, a live one, a time-out, an ended one with its summary;
 *   on a phone, a reflection waiting for the speaker's answer, with a message over the limit and
 *   the New message cue
 * - check-ins: the counselor's page (assigning, then trends, also at 360 px with a value shown),
 *   a partner's list, answering one
 */

async function scan(page: Page, path: string | null) {
	await test.step(`axe: ${path ?? page.url()}`, async () => {
		if (path !== null) await page.goto(path);
		await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
		await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
		await expectAccessible(page);
	});
}

for (const paths of [
	['/', '/signup', '/login'],
	['/resources', '/breathe', '/breathe?from=%2Fresources', '/goodbye', '/no-such-page'],
	['/forgot', '/reset/no-longer-a-link', '/login?reset=done'],
	['/verify/no-longer-a-link', '/email/no-longer-a-link', '/email/undo/no-longer-a-link']
]) {
	test(`no axe violations for visitors on ${paths.join(', ')}`, async ({ page }) => {
		for (const path of paths) {
			await scan(page, path);
			await expect(page.getByRole('link', { name: 'Quick exit' })).toBeVisible();
		}
	});
}

test('no axe violations on sign-up with errors, or on an invite link opened logged out', async ({
	page
}) => {
	await page.goto('/signup');
	await page.getByLabel('Email').fill('x@y.z');
	await page.getByLabel('Display name').fill('Y');
	await page.getByLabel('Password').fill('short12345');
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page.getByRole('alert')).not.toBeEmpty();
	await scan(page, null);

	const { invite } = await createSpace(await someone('Ona'));
	await scan(page, `/join/${invite.token}`);
	await expect(page.getByRole('link', { name: 'Create an account' })).toBeVisible();
});

test('no axe violations on forgot password once asked, or on the form a reset link opens', async ({
	page
}) => {
	const { email } = await someone('Noa');
	await page.goto('/forgot');
	await page.getByLabel('Email').fill(email);
	await page.getByRole('button', { name: 'Send reset link' }).click();
	await expect(page.getByRole('status')).toContainText('on its way');
	await scan(page, null);
	await scan(page, linkIn(await mailFor(email, /new Trellis password/), '/reset/'));
	await expect(page.getByLabel('Confirm password')).toBeVisible();
});

test('no axe violations while an email waits to be confirmed, and on the pages its links open', async ({
	page
}) => {
	const email = uniqueEmail('uma');
	await page.goto('/signup');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Display name').fill('Uma');
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page.getByText('Check your email to finish creating your account')).toBeVisible();
	await scan(page, null);

	await page.getByRole('main').getByRole('link', { name: 'log in' }).click();
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Log in' }).click();
	await expect(page.getByRole('heading', { name: 'Verify your email' })).toBeVisible();
	await scan(page, null);
	const { invite } = await createSpace(await someone('Ola'));
	await scan(page, `/join/${invite.token}`);
	await expect(page.getByRole('button', { name: 'Send the link again' })).toBeVisible();

	// A reset link for an account nobody confirmed opens the form that starts it clean.
	await expectStatus(await new Visitor(origin).post('/forgot', { email }), 200);
	await scan(page, linkIn(await mailFor(email, /new Trellis password/), '/reset/'));
	await expect(page.getByLabel('Display name')).toBeVisible();
	await scan(page, linkIn(await mailFor(email, /^Finish creating/), '/verify/'));
	await expect(page.getByRole('main').getByRole('status')).toContainText('Your email is confirmed');
});

test('no axe violations on the pages the links of a change of email open', async ({ page }) => {
	const me = await someone('Eli');
	const newEmail = uniqueEmail('eli-new');
	await expectStatus(
		await me.visitor.post('/account?/changeEmail', { newEmail, currentPassword: PASSWORD }),
		200
	);
	await scan(page, linkIn(await mailFor(newEmail, /^Confirm your new/), '/email/'));
	await expect(page.getByRole('status')).toContainText(`email is now ${newEmail}`);
	await scan(page, linkIn(await mailFor(me.email, /email was changed/), '/email/undo/'));
	await expect(page.getByRole('button', { name: 'Put my email back' })).toBeVisible();
});

for (const width of [1280, 360]) {
	test(`no axe violations on the account pages at ${width} px`, async ({ browser }) => {
		const avery = await someone('Avery');
		const page = await deviceOf(browser, avery, { viewport: { width, height: 800 } });
		for (const path of ['/home', '/account', '/account/devices']) await scan(page, path);
		// The same log-in, notified: the page then offers this device's own choices.
		await expectStatus(
			await avery.visitor.post('/account?/notifyDevice', {
				endpoint: `https://push.example.com/send/${avery.id}`,
				p256dh: 'B'.repeat(87),
				auth: 'A'.repeat(22)
			}),
			200
		);
		await scan(page, '/account');
		await expect(page.getByRole('group', { name: 'Notify this device about' })).toBeVisible();
		await expect(page.getByRole('button', { name: 'Stop notifying this device' })).toBeVisible();
		await scan(page, '/logout');
		// Locked: the page to unlock it, with a wrong password's message.
		// (The open page hears of the lock and goes there by itself.)
		await expectStatus(await avery.visitor.post('/unlock?/lock', {}), 303);
		await expect(page).toHaveURL(/\/unlock\?redirectTo=%2Flogout$/);
		await scan(page, null);
		await page.getByLabel('Password').fill('not it');
		await page.getByRole('button', { name: 'Unlock' }).click();
		await expect(page.getByText('That password is not right')).toBeVisible();
		await scan(page, null);
		await page.context().close();
	});
}

test('no axe violations on the time-zone list, searched', async ({ browser }) => {
	const page = await deviceOf(browser, await someone('Tess'));
	await page.goto('/account');
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.getByLabel('Find a time zone').fill('Kyiv');
	await expect(page.getByText('1 time zone matches.')).toBeVisible();
	await scan(page, null);
	await page.getByLabel('Find a time zone').fill('nowhere at all');
	await expect(page.getByText('No time zone matches that.')).toBeVisible();
	await scan(page, null);
	await page.context().close();
});

test('no axe violations on two-step verification: the suggestion, setting it up, the recovery codes and the code asked at log-in', async ({
	browser
}) => {
	const tam = await someone('Tam', 'counselor');
	const page = await deviceOf(browser, tam);
	await scan(page, '/home');
	await expect(page.getByRole('link', { name: 'Turn on two-step verification' })).toBeVisible();
	await scan(page, '/account');
	const section = page.getByRole('region', { name: 'Two-step verification', exact: true });
	await section.getByLabel('Your password').fill(PASSWORD);
	await section.getByRole('button', { name: 'Turn on' }).click();
	await expect(section.getByLabel('Code from your authenticator app')).toBeVisible();
	await scan(page, null);
	const phone = new Authenticator(keyFromText((await section.locator('code.key').textContent())!));
	await section.getByLabel('Code from your authenticator app').fill(await phone.code());
	await section.getByRole('button', { name: 'Confirm' }).click();
	await expect(section.getByRole('status').getByRole('listitem')).toHaveCount(10);
	await scan(page, null);
	await scan(page, '/account');
	await expect(page.getByRole('button', { name: 'Turn off two-step verification' })).toBeVisible();

	const login = await (await browser.newContext()).newPage();
	await login.goto('/login');
	await login.getByLabel('Email').fill(tam.email);
	await login.getByLabel('Password').fill(PASSWORD);
	await login.getByRole('button', { name: 'Log in' }).click();
	await expect(login.getByLabel('Code from your authenticator app')).toBeVisible();
	await scan(login, null);
	await login.getByLabel('Code from your authenticator app').fill('000000');
	await login.getByRole('button', { name: 'Log in' }).click();
	await expect(login.getByText('That code is not right')).toBeVisible();
	await scan(login, null);
	await login.getByRole('link', { name: 'Use a recovery code' }).click();
	await expect(login.getByLabel('Recovery code')).toBeVisible();
	await scan(login, null);
	await Promise.all([page.context().close(), login.context().close()]);
});

test('no axe violations on deleting an account, exporting, joining by code, and a used invite', async ({
	browser
}) => {
	const owner = await someone('Ike');
	const { invite } = await createSpace(owner);
	await expectStatus(await join(await someone('Jo'), invite.token), 303);
	const page = await deviceOf(browser, await someone('Avery'));
	await scan(page, `/join/${invite.code}`);
	await expect(page.getByRole('heading', { name: 'Check this invite code' })).toBeVisible();
	for (const path of ['/account/delete', '/account/export', '/join', `/join/${invite.token}`])
		await scan(page, path);
	await expect(page.getByRole('heading', { name: 'This invite cannot be used' })).toBeVisible();
	await page.context().close();
	const visitor = await (await browser.newContext()).newPage();
	await scan(visitor, `/join/${invite.token}`);
	await expect(
		visitor.getByRole('heading', { name: 'This invite link can no longer be used' })
	).toBeVisible();
	await visitor.context().close();
});

test('no axe violations on a new space with its invite, and on one’s safety answer, leaving and the journey', async ({
	browser
}) => {
	const page = await deviceOf(browser, await someone('Wren'));
	await page.goto('/home');
	await page.getByRole('button', { name: 'Create space' }).click();
	await expect(page.getByLabel('Invite link')).toBeVisible();
	await scan(page, null);
	const spaceUrl = page.url();
	for (const path of ['/safety', '/leave', '/journey', '/settings', '/more'])
		await scan(page, spaceUrl + path);
	await page.context().close();
});

test('no axe violations on joining a space and the support shown after "not sure"', async ({
	browser
}) => {
	const { invite } = await createSpace(await someone('Ike'));
	const page = await deviceOf(browser, await someone('Blake'));
	await scan(page, `/join/${invite.token}`);
	await page
		.getByRole('group', { name: 'Do you feel safe with your partner?' })
		.getByRole('radio', { name: 'Not sure' })
		.check();
	await page.getByRole('button', { name: 'Join space' }).click();
	await expect(page.getByRole('heading', { name: 'Support for you' })).toBeVisible();
	await scan(page, null);
	await page.context().close();
});

test('no axe violations on the support shown after "No", and on the note before a conversation', async ({
	browser
}) => {
	const owner = await someone('Ike');
	const { spaceId, invite } = await createSpace(owner);
	const blake = await someone('Blake');
	await expectStatus(await join(blake, invite.token, { safety: 'no' }), 303);
	const conversation = await startConversation(owner, spaceId);
	const page = await deviceOf(browser, blake);
	await scan(page, `/spaces/${spaceId}/safety`);
	await expect(page.getByText('You said you do not feel safe with your partner')).toBeVisible();
	await scan(page, `/spaces/${spaceId}/conversations/new`);
	await expect(page.getByRole('heading', { name: 'Before you go on' })).toBeVisible();
	await scan(page, conversation);
	await page.getByRole('link', { name: 'Go on to the conversation' }).click();
	await expect(page.getByRole('heading', { name: 'Right now' })).toBeVisible();
	await page.context().close();
});

test('no axe violations for a counselor waiting for both partners to approve', async ({
	browser
}) => {
	const owner = await someone('Ike');
	const { spaceId, invite } = await createSpace(owner);
	await expectStatus(await join(await someone('Jo'), invite.token), 303);
	const waiting = await someone('Dara', 'counselor');
	const res = await owner.visitor.post(`/spaces/${spaceId}/settings?/createInvite`, {
		role: 'counselor'
	});
	await expectStatus(await join(waiting, inviteFrom(await res.text()).token), 303);
	const page = await deviceOf(browser, waiting);
	await scan(page, `/spaces/${spaceId}`);
	await expect(page.getByText('Both partners need to approve you first')).toBeVisible();
	await page.context().close();
});

test('no axe violations for an admitted counselor: the space, their notes, check-in templates', async ({
	browser
}) => {
	const { spaceUrl, c, close } = await scene(browser, { counselor: true });
	for (const path of [
		spaceUrl,
		`${spaceUrl}/counselor-notes`,
		`${spaceUrl}/settings`,
		`${spaceUrl}/more`,
		'/checkins/templates'
	])
		await scan(c, path);
	await expect(c.getByRole('heading', { name: 'Weekly trust check-in' })).toBeVisible();
	await close();
});

test('no axe violations on the journal and new notes of every kind', async ({ browser }) => {
	const { me, page, spaceId, spaceUrl } = await alone(browser, 'Noa');
	await writeNote(me, spaceId, { body: 'An evening, written down.' });
	await scan(page, `${spaceUrl}/journal`);
	await scan(page, `${spaceUrl}/journal/new`);
	await scan(page, `${spaceUrl}/journal/new?kind=thought`);
	await page.getByLabel('The thought', { exact: true }).fill('Nothing will ever be the same');
	await expect(page.getByText('Draft saved')).toBeVisible();
	await scan(page, null);
	await scan(page, `${spaceUrl}/journal/new?kind=emotion`);
	await page.getByRole('checkbox', { name: 'Lonely' }).check();
	await page.getByRole('checkbox', { name: 'Hopeful' }).check();
	await page.getByLabel('How strong is it right now? (0 to 10)').press('ArrowRight');
	await expect(page.locator('output')).toContainText('6');
	await scan(page, null);
	await page.context().close();
});

test('no axe violations on the prompts, a guided entry, feelings over time and an empty page of notes', async ({
	browser
}) => {
	const { me, page, spaceId, spaceUrl } = await alone(browser, 'Pim');
	await writeNote(me, spaceId, { feelings: 'anxious', intensity: '6', note: '' }, 'emotion');
	await scan(page, `${spaceUrl}/journal/prompts`);
	await page
		.getByRole('link', { name: 'Write about this: Trust in the family you grew up in' })
		.click();
	await scan(page, null);
	await scan(page, `${spaceUrl}/journal/feelings`);
	await expect(page.getByText('Fear: 1 check-in')).toBeVisible();
	await scan(page, `${spaceUrl}/journal?before=1`);
	await page.context().close();
});

test('no axe violations on a saved note, sharing it, and what was shared on both sides', async ({
	browser
}) => {
	const { people, a, b, spaceId, spaceUrl, close } = await scene(browser);
	const noteId = await writeNote(people.a, spaceId, { body: 'Words for you to read.' });
	await share(people.a, spaceId, noteId, 'partner');
	await writeNote(people.a, spaceId, { body: 'Kept to myself.' });
	await expectStatus(
		await people.a.visitor.post(`/spaces/${spaceId}/journal/${noteId}/edit?/saveDraft`, {
			draftKey: `edit-${noteId}`,
			body: 'Words for you to read, changed.'
		}),
		200
	);
	await scan(a, `${spaceUrl}/journal`);
	await expect(a.getByText('A copy is shared with your partner')).toBeVisible();
	await scan(a, `${spaceUrl}/journal/${noteId}?saved=1`);
	await expect(a.getByRole('link', { name: 'Continue editing' })).toBeVisible();
	await scan(a, `${spaceUrl}/journal/${noteId}/edit`);
	await scan(a, `${spaceUrl}/journal/${noteId}/share`);
	await scan(a, `${spaceUrl}/shared`);
	await scan(b, `${spaceUrl}/shared`);
	await expect(b.getByText('Words for you to read.')).toBeVisible();
	await close();
});

test('no axe violations on a note saved from two devices at once', async ({ browser }) => {
	const { me, page, spaceId, spaceUrl } = await alone(browser, 'Ida');
	const noteId = await writeNote(me, spaceId, { body: 'The first version.' });
	await page.goto(`${spaceUrl}/journal/${noteId}/edit`);
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.getByLabel('Note', { exact: true }).fill('The laptop version.');
	await expect(page.getByText('Draft saved')).toBeVisible();
	// Meanwhile another device saves the note.
	const seen = /name="seen" value="(\d+)"/.exec(
		await (await me.visitor.get(`/spaces/${spaceId}/journal/${noteId}/edit`)).text()
	)![1]!;
	await expectStatus(
		await me.visitor.post(`/spaces/${spaceId}/journal/${noteId}/edit?/save`, {
			body: 'The phone version.',
			seen
		}),
		303
	);
	await expect(page.getByText(/,\s+changed\s/)).toBeVisible();
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(
		page.getByRole('region', { name: 'Saved now, from your other device' })
	).toContainText('The phone version.');
	await scan(page, null);
	await page.context().close();
});

test('no axe violations on the four stages and the unanswered stage-3 questions', async ({
	browser
}) => {
	const { a, spaceUrl, close } = await scene(browser);
	for (const stage of [1, 2, 3, 4]) await scan(a, `${spaceUrl}/stages/${stage}`);
	// With the guidance opened, and on a phone with the space's places at the bottom.
	await a.getByText('Read more').click();
	await scan(a, null);
	await a.setViewportSize({ width: 390, height: 844 });
	await scan(a, spaceUrl);
	await scan(a, `${spaceUrl}/settings`);
	await scan(a, `${spaceUrl}/assessment`);
	await close();
});

test('no axe violations on stage 3 sealed and compared, and a sealed stage-4 choice', async ({
	browser
}) => {
	const { people, a, spaceId, spaceUrl, close } = await scene(browser, { stage: 3 });
	const sealed = await submitAnswers(
		people.a,
		spaceId,
		answers((id) => (id === 'belief' ? 'pattern' : 'not_sure'), 'It went on for months.')
	);
	await expectStatus(sealed, 200);
	await scan(a, `${spaceUrl}/assessment`);
	await expect(
		a.getByRole('status').filter({ hasText: /^Your answers are sealed \(/ })
	).toBeVisible();
	await expectStatus(
		await submitAnswers(
			people.b,
			spaceId,
			answers(() => 'not_sure', 'It was one night.')
		),
		200
	);
	await scan(a, `${spaceUrl}/assessment`);
	await expect(a.getByText(/The same answer to \d of 8 questions\./)).toBeVisible();

	await expectStatus(await people.a.visitor.post(`/spaces/${spaceId}/stages/3?/ready`, {}), 200);
	await expectStatus(await people.b.visitor.post(`/spaces/${spaceId}/stages/3?/ready`, {}), 303);
	await expectStatus(await choose(people.a, spaceId, 'continue', 'I want to keep trying.'), 200);
	await scan(a, `${spaceUrl}/stages/4`);
	await expect(
		a.getByText('You have chosen; both choices are shown together once both of you have chosen.')
	).toBeVisible();
	await close();
});

test('no axe violations on stepping back, the closing page and one’s copy', async ({ browser }) => {
	const { people, a, b, spaceId, spaceUrl, close } = await scene(browser, { stage: 4 });
	await expectStatus(await choose(people.a, spaceId, 'continue'), 200);
	await expectStatus(await choose(people.b, spaceId, 'step_back'), 303);
	await scan(b, `${spaceUrl}/closing`);
	await expect(b.getByRole('heading', { name: 'Stepping back', level: 1 })).toBeVisible();
	await scan(a, `${spaceUrl}/stages/4`);
	await expect(a.getByText(`${NAMES.b} chose: Step back`)).toBeVisible();
	await scan(a, `${spaceUrl}/export`);
	await close();
});

test('no axe violations on a choice set aside, and on the closing page once a partner has left', async ({
	browser
}) => {
	const { people, a, c, spaceId, spaceUrl, close } = await scene(browser, {
		stage: 4,
		counselor: true
	});
	await expectStatus(await choose(people.a, spaceId, 'step_back', 'I need to stop here.'), 200);
	await expectStatus(
		await people.b.visitor.post(`/spaces/${spaceId}/stages/3?/back`, { confirmed: 'yes' }),
		200
	);
	await scan(a, `${spaceUrl}/stages/4`);
	await expect(a.getByText(/^Your sealed choice was set aside/)).toBeVisible();
	await expectStatus(await people.b.visitor.post(`/spaces/${spaceId}/leave`, {}), 303);
	await scan(a, `${spaceUrl}/closing`);
	await expect(a.getByRole('heading', { name: 'Your partner has left', level: 1 })).toBeVisible();
	await scan(c, `${spaceUrl}/closing`);
	await expect(c.getByRole('heading', { name: 'What stays yours' })).toBeVisible();
	await close();
});

/** An agreement A proposed and B accepted, with a keeping logged by each. */
async function keptAgreement(a: Person, b: Person, spaceId: string): Promise<string> {
	const id = await propose(a, spaceId, 'Sunday evening talk');
	await expectStatus(await agreementStep(b, spaceId, id, 'accept', { version: '1' }), 200);
	for (const [who, kept] of [
		[a, 'kept'],
		[b, 'partly']
	] as const)
		await expectStatus(
			await agreementStep(who, spaceId, id, 'logKeeping', {
				clientId: clientId(),
				outcome: kept,
				note: ''
			}),
			200
		);
	return id;
}

test('no axe violations on agreements: the list with its chart, proposing, and one waiting for an answer', async ({
	browser
}) => {
	const { people, a, b, spaceId, spaceUrl, close } = await scene(browser);
	await keptAgreement(people.a, people.b, spaceId);
	const waiting = await propose(people.a, spaceId, 'Phones down at dinner');
	await scan(a, `${spaceUrl}/agreements`);
	await expect(a.getByRole('img', { name: /How agreements were kept/ })).toBeVisible();
	await scan(a, `${spaceUrl}/agreements/new`);
	await scan(b, `${spaceUrl}/agreements/${waiting}`);
	await expect(b.getByRole('button', { name: 'Accept' })).toBeVisible();
	await close();
});

test('no axe violations on an agreement in force with its record, changing it, and the counselor’s view', async ({
	browser
}) => {
	const { people, a, c, spaceId, spaceUrl, close } = await scene(browser, { counselor: true });
	const inForce = await keptAgreement(people.a, people.b, spaceId);
	await scan(a, `${spaceUrl}/agreements/${inForce}`);
	await expect(
		a.getByRole('img', { name: 'How this agreement was kept, week by week' })
	).toBeVisible();
	await scan(a, `${spaceUrl}/agreements/${inForce}/change`);
	await scan(c, `${spaceUrl}/agreements/${inForce}`);
	await close();
});

test('no axe violations on conversations: the list, starting one, a live one, a time-out and an ended one', async ({
	browser
}) => {
	const { people, a, b, spaceId, spaceUrl, close } = await scene(browser);
	await scan(a, `${spaceUrl}/conversations/new`);
	const conversation = await startConversation(people.a, spaceId);
	await scan(a, `${spaceUrl}/conversations`);
	await scan(a, conversation);
	await a.getByLabel('Message').fill('I felt alone at the party.');
	await a.getByRole('button', { name: 'Send' }).click();
	await b.goto(conversation);
	await expect(b.getByText('I felt alone at the party.')).toBeVisible();
	await b.getByRole('button', { name: 'Call a time-out' }).click();
	await expect(b.getByText('Time-out.')).toBeVisible();
	await scan(b, null);
	await close();
});

test('no axe violations on an ended conversation with its summary', async ({ browser }) => {
	const { people, a, spaceId, close } = await scene(browser);
	const conversation = await startConversation(people.a, spaceId);
	await a.goto(conversation);
	await a.getByRole('button', { name: 'End conversation' }).click();
	await scan(a, null);
	await a.getByRole('button', { name: 'Yes, end it' }).click();
	await a.getByLabel('Add to "What we want to try next"').fill('A walk together on Sundays');
	await a.getByRole('button', { name: 'Add to "What we want to try next"' }).click();
	await a.getByRole('button', { name: 'Propose as an agreement' }).click();
	await expect(a.getByRole('link', { name: 'Proposed as an agreement' })).toBeVisible();
	await scan(a, null);
	await close();
});

test('no axe violations on a conversation on a phone: a reflection waiting for its answer, a message over the limit, the New message cue', async ({
	browser
}) => {
	const { people, spaceId, close } = await scene(browser);
	const conversation = await startConversation(people.a, spaceId);
	const act = (p: Person, fields: Record<string, string>) =>
		p.visitor.post(`${conversation.slice(origin.length)}?/act`, {
			clientId: clientId(),
			...fields
		});
	for (let i = 1; i <= 8; i++)
		await expectStatus(await act(people.a, { type: 'message', text: `Part ${i} of it.` }), 200);
	await expectStatus(await act(people.b, { type: 'reflect', text: 'What I heard is…' }), 200);
	const a = await deviceOf(browser, people.a, { viewport: { width: 390, height: 844 } });
	await a.goto(conversation);
	await expect(a.getByRole('status', { name: /Connected/ })).toBeVisible();
	await a.getByLabel('Message').fill('x'.repeat(1_001));
	await expect(a.getByText('1 character over the limit')).toBeVisible();
	// Scrolled up to read: the page hears of the scroll in its next frame, and only then knows
	// that a new line should be a cue rather than followed.
	await a.evaluate(
		() =>
			new Promise((done) => {
				window.scrollTo(0, 0);
				requestAnimationFrame(() => requestAnimationFrame(done));
			})
	);
	await expectStatus(await act(people.b, { type: 'request' }), 200);
	await expect(a.getByRole('button', { name: 'New message' })).toBeVisible();
	await scan(a, null);
	await a.context().close();
	await close();
});

test('no axe violations on check-ins for a partner: what is due, and answering one', async ({
	browser
}) => {
	const { people, a, spaceId, spaceUrl, close } = await scene(browser, { counselor: true });
	const scheduleId = await assignCheckIn(people.c!, spaceId);
	await scan(a, `${spaceUrl}/checkins`);
	await scan(a, `${spaceUrl}/checkins/${scheduleId}/${isoDay(Date.now())}`);
	await close();
});

test('no axe violations on check-ins for the counselor: assigning, then answers and trends', async ({
	browser
}) => {
	const { people, c, spaceId, spaceUrl, close } = await scene(browser, { counselor: true });
	await scan(c, `${spaceUrl}/checkins`);
	const scheduleId = await assignCheckIn(people.c!, spaceId);
	for (const [day, trustA, trustB] of [
		[isoDay(Date.now() - 7 * 86_400_000), '8', '5'],
		[isoDay(Date.now()), '6', '7']
	] as const) {
		await sendCheckIn(
			people.a,
			spaceId,
			scheduleId,
			day,
			trustA,
			'The walk on Sunday',
			'The nights'
		);
		await sendCheckIn(people.b, spaceId, scheduleId, day, trustB);
	}
	await scan(c, `${spaceUrl}/checkins`);
	await expect(
		c.getByRole('img', {
			name: 'How much do I trust my partner this week?: answers from 0 to 10 over time'
		})
	).toBeVisible();
	// At a phone's width, with a value shown from the keyboard.
	await c.setViewportSize({ width: 360, height: 740 });
	await c
		.getByRole('group', {
			name: 'How much do I trust my partner this week?: answers from 0 to 10 over time'
		})
		.focus();
	await expect(c.locator('.lc-tooltip-root').first()).toContainText('out of 10');
	await scan(c, null);
	await close();
});

test('no axe violations on the counselor’s caseload and archived templates', async ({
	browser
}) => {
	const { people, spaceId, close } = await scene(browser, { counselor: true });
	const scheduleId = await assignCheckIn(people.c!, spaceId);
	await sendCheckIn(people.b, spaceId, scheduleId, isoDay(Date.now() - 7 * 86_400_000), '9');
	await sendCheckIn(people.b, spaceId, scheduleId, isoDay(Date.now()), '2');
	const cam = people.c!;
	for (const title of ['Evening', 'Morning'])
		await expectStatus(
			await cam.visitor.post('/checkins/templates?/create', {
				clientId: clientId(),
				title,
				'q1-text': 'How close did we feel?',
				'q1-type': 'scale',
				'q1-visibility': 'revealed'
			}),
			200
		);
	const [, morning] = readDb<{ id: string }>(
		process.env.E2E_DB!,
		'select id from checkin_templates where counselor_id = ? order by created_at, id',
		cam.id
	);
	await expectStatus(
		await cam.visitor.post('/checkins/templates?/archive', {
			templateId: morning!.id,
			archived: 'yes'
		}),
		200
	);
	const page = await deviceOf(browser, cam, { viewport: { width: 390, height: 844 } });
	await scan(page, '/home?sort=unread&dir=asc');
	await expect(page.getByRole('columnheader', { name: 'Unread shared' })).toHaveAttribute(
		'aria-sort',
		'ascending'
	);
	await page.goto('/checkins/templates');
	await page.getByText('Archived templates (1)').click();
	await expect(page.getByRole('button', { name: 'Restore "Morning"' })).toBeVisible();
	await scan(page, null);
	await page.context().close();
	await close();
});

test('no axe violations on a template being changed, a counselor note being changed, and deleting one', async ({
	browser
}) => {
	const { people, spaceId, spaceUrl, close } = await scene(browser, { counselor: true });
	await expectStatus(
		await people.c!.visitor.post('/checkins/templates?/duplicate', {
			templateId: 'weekly-trust',
			clientId: clientId()
		}),
		303
	);
	const [copy] = readDb<{ id: string }>(
		process.env.E2E_DB!,
		'select id from checkin_templates where counselor_id = ?',
		people.c!.id
	);
	await expectStatus(
		await people.c!.visitor.post(`/spaces/${spaceId}/counselor-notes?/save`, {
			clientId: clientId(),
			body: 'First session: calm.'
		}),
		200
	);
	const page = await deviceOf(browser, people.c!, { viewport: { width: 390, height: 844 } });
	await scan(page, `/checkins/templates/${copy!.id}?copied=1`);
	await expect(page.getByLabel('Title')).toHaveValue('Copy of Weekly trust check-in');
	await page.goto(`${spaceUrl}/counselor-notes`);
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await page.getByRole('link', { name: /^Edit note from/ }).click();
	await expect(page.getByLabel('Change this note')).toBeFocused();
	await scan(page, null);
	await page.getByRole('link', { name: 'Cancel' }).click();
	await page.getByRole('button', { name: /^Delete note from/ }).click();
	await expect(page.getByText('Delete this note?')).toBeVisible();
	await scan(page, null);
	await page.context().close();
	await close();
});

test('no axe violations for a counselor half approved, and for the notices a decline leaves', async ({
	browser
}) => {
	const owner = await someone('Ike');
	const jo = await someone('Jo');
	const { spaceId, invite } = await createSpace(owner);
	await expectStatus(await join(jo, invite.token), 303);
	const waiting = await someone('Dara', 'counselor');
	const res = await owner.visitor.post(`/spaces/${spaceId}/settings?/createInvite`, {
		role: 'counselor'
	});
	await expectStatus(await join(waiting, inviteFrom(await res.text()).token), 303);
	await expectStatus(
		await owner.visitor.post(`/spaces/${spaceId}/settings?/approveCounselor`, {
			counselorId: waiting.id
		}),
		200
	);
	const dara = await deviceOf(browser, waiting);
	await scan(dara, '/home');
	await expect(dara.getByText('1 of 2 approved')).toBeVisible();
	await expectStatus(
		await jo.visitor.post(`/spaces/${spaceId}/settings?/declineCounselor`, {
			counselorId: waiting.id
		}),
		200
	);
	await scan(dara, '/home');
	await expect(dara.getByText(/decided not to bring a counselor into their space/)).toBeVisible();
	const ike = await deviceOf(browser, owner);
	await scan(ike, '/home');
	await expect(ike.getByText(/Your partner has decided not to bring Dara/)).toBeVisible();
	await Promise.all([dara.context().close(), ike.context().close()]);
});

test('the accessibility check fails on a page that has a problem, in either colour scheme', async ({
	page
}) => {
	await page.setContent(
		'<!doctype html><html lang="en"><title>t</title><main><h1>Hi</h1><img src="data:,"></main></html>'
	);
	await expect(expectAccessible(page)).rejects.toThrow(/light image-alt/);
	// Readable in the light colours, unreadable in the dark ones.
	await page.setContent(
		'<!doctype html><html lang="en"><title>t</title><style>p{color:#111;background:#fff}@media (prefers-color-scheme: dark){p{color:#222;background:#111}}</style><main><h1>Hi</h1><p>Words</p></main></html>'
	);
	await expect(expectAccessible(page)).rejects.toThrow(/dark color-contrast/);
});

test('nothing scrolls sideways at 360 px', async ({ page }) => {
	await page.setViewportSize({ width: 360, height: 740 });
	for (const path of ['/', '/signup', '/login', '/resources', '/breathe', '/no-such-page']) {
		await page.goto(path);
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow, path).toBeLessThanOrEqual(0);
	}
});

test('the keyboard keeps its place when a form is answered in place, and while a form is on its way', async ({
	browser
}) => {
	const { page, spaceUrl } = await alone(browser, 'Kai');
	await page.goto(`${spaceUrl}/settings`);
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	const save = page.getByRole('button', { name: 'Save perspective' });
	await save.focus();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
	await expect(save).toBeFocused();

	// A refused log-in: the button rests while sending but keeps the focus, and is there after.
	await page.getByRole('button', { name: 'Log out' }).click();
	await page.getByLabel('Email').fill('nobody-here@example.com');
	await page.getByLabel('Password').fill('not the right one at all');
	const logIn = page.getByRole('button', { name: 'Log in' });
	await logIn.focus();
	await page.keyboard.press('Enter');
	await expect(page.getByText("That email and password don't match.")).toBeVisible();
	await expect(logIn).toBeFocused();
	await page.context().close();
});

import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectStatus } from '../helpers/http';
import { share, writeNote } from '../helpers/notes';
import { createSpace, inviteFrom, join } from '../helpers/spaces';
import { assignCheckIn, deviceOf, isoDay, NAMES, scene, sendCheckIn, someone } from './fixtures';

const DAY = 86_400_000;
/** A day as the pages write it: "Dec 6, 2026". */
const isoDayLabel = (ms: number) =>
	new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(
		Date.parse(`${isoDay(ms)}T12:00:00Z`)
	);

async function answer(page: Page, link: RegExp, trust: string, helped: string, hard: string) {
	await page.getByRole('link', { name: link }).first().click();
	await page
		.getByRole('group', { name: 'How much do I trust my partner this week?' })
		.getByRole('radio', { name: trust, exact: true })
		.check();
	await page
		.getByRole('group', { name: 'How safe did I feel this week?' })
		.getByRole('radio', { name: '5', exact: true })
		.check();
	await page
		.getByRole('group', { name: 'How hopeful am I about us?' })
		.getByRole('radio', { name: '6', exact: true })
		.check();
	await page.getByRole('radio', { name: 'Partly' }).check();
	await page.getByLabel('What helped this week? (optional)').fill(helped);
	await page.getByLabel('What was hard this week? (optional)').fill(hard);
	await page.getByRole('button', { name: 'Send my answers' }).click();
	await expect(page.getByRole('heading', { name: 'Check-ins', level: 1 })).toBeVisible();
}

test('a counselor assigns the weekly check-in, and both partners see it waiting without reloading', async ({
	browser
}) => {
	const { a, b, c, spaceUrl, close } = await scene(browser, { counselor: true });
	await Promise.all([a.goto(spaceUrl), b.goto(spaceUrl), c.goto(`${spaceUrl}/checkins`)]);
	await c.getByLabel('Starting on').fill(isoDay(Date.now() - 7 * DAY));
	await c.getByLabel("Due at (in each partner's own time zone)").fill('00:00');
	await c.getByRole('button', { name: 'Assign check-in' }).click();
	await expect(c.getByText('Assigned.')).toBeVisible();
	for (const page of [a, b])
		await expect(
			page
				.getByRole('link', {
					name: /A check-in is (waiting for you|overdue): Weekly trust check-in/
				})
				.first()
		).toBeVisible();
	await close();
});

test('each partner answers alone; the partner sees the shared answers once both have answered, the counselor sees all', async ({
	browser
}) => {
	const { people, a, b, c, spaceId, spaceUrl, close } = await scene(browser, { counselor: true });
	await assignCheckIn(people.c!, spaceId);
	await Promise.all([a.goto(`${spaceUrl}/checkins`), b.goto(`${spaceUrl}/checkins`)]);
	await answer(
		a,
		/Weekly trust check-in/,
		'8',
		'The walk on Sunday',
		'Only for the counselor: the nights'
	);

	// B sees nothing of A's answers until B has answered too.
	await b.reload();
	await expect(b.getByText('The walk on Sunday')).toHaveCount(0);
	await answer(b, /Weekly trust check-in/, '5', 'Talking on Tuesday', 'Work stress');
	await expect(b.getByText('The walk on Sunday')).toBeVisible();
	await expect(b.getByText('Only for the counselor: the nights')).toHaveCount(0);
	await a.reload();
	await expect(a.getByText('Talking on Tuesday')).toBeVisible();
	await expect(a.getByText('Work stress')).toHaveCount(0);

	// The counselor sees both side by side, counselor-only answers included.
	await c.goto(`${spaceUrl}/checkins`);
	await expect(c.getByText('Only for the counselor: the nights')).toBeVisible();
	await expect(c.getByText('Work stress')).toBeVisible();
	await close();
});

test('over several check-ins the counselor sees a trend line per partner', async ({ browser }) => {
	const { people, c, spaceId, spaceUrl, close } = await scene(browser, { counselor: true });
	const scheduleId = await assignCheckIn(people.c!, spaceId);
	for (const [day, trustA, trustB] of [
		[isoDay(Date.now() - 7 * DAY), '8', '5'],
		[isoDay(Date.now()), '6', '7']
	] as const) {
		await sendCheckIn(people.a, spaceId, scheduleId, day, trustA);
		await sendCheckIn(people.b, spaceId, scheduleId, day, trustB);
	}
	await c.goto(`${spaceUrl}/checkins`);
	const chart = c.getByRole('img', {
		name: 'How much do I trust my partner this week?: answers from 0 to 10 over time'
	});
	await expect(chart).toBeVisible();
	// Each check-in's answers in a table beside the chart: both partners, both weeks (the earlier
	// one unfolded).
	const lastWeek = c.locator('summary', { hasText: isoDayLabel(Date.now() - 7 * DAY) });
	// Unfolded once the page is live: what is tested here is that the page's own state keeps it.
	await c.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await lastWeek.click();
	const trust = c.getByRole('row').filter({
		has: c.getByRole('rowheader', { name: /^How much do I trust my partner this week\?/ })
	});
	await expect(trust).toHaveCount(2);
	expect((await trust.getByRole('cell').allTextContents()).sort()).toEqual(['5', '6', '7', '8']);
	// The page reloads its data when its connection comes up and when a partner answers: the
	// week stays unfolded.
	await expect(c.getByRole('status', { name: /Connected/ })).toBeVisible();
	const conversations = c.getByRole('listitem').filter({ hasText: 'Conversations so far' });
	await expect(conversations).toContainText('0');
	const started = await people.a.visitor.post(`/spaces/${spaceId}/conversations/new`, {
		clientId: `e2e-${Date.now()}`,
		topic: 'How the week went',
		format: 'free',
		when: 'now'
	});
	expect(started.status).toBe(303);
	await expect(conversations).toContainText('1');
	await expect(c.locator('details', { has: lastWeek })).toHaveAttribute('open');
	await expect(trust).toHaveCount(2);
	await close();
});

test('on a phone, the latest check-in comes first with the charts right after it, and earlier weeks are folded away', async ({
	browser
}) => {
	const { people, spaceId, spaceUrl, close } = await scene(browser, { counselor: true });
	const scheduleId = await assignCheckIn(people.c!, spaceId);
	for (const [day, trustA, trustB] of [
		[isoDay(Date.now() - 7 * DAY), '8', '5'],
		[isoDay(Date.now()), '6', '7']
	] as const) {
		await sendCheckIn(people.a, spaceId, scheduleId, day, trustA, 'Walking together');
		await sendCheckIn(people.b, spaceId, scheduleId, day, trustB);
	}
	const c = await deviceOf(browser, people.c!, { viewport: { width: 390, height: 844 } });
	// The page's scripts are held back until a week has been unfolded, as on a slow phone.
	let release!: () => void;
	const held = new Promise<void>((r) => (release = r));
	await c.route('**/_app/immutable/**/*.js', async (route) => {
		await held;
		await route.continue();
	});
	await c.goto(`${spaceUrl}/checkins`, { waitUntil: 'domcontentloaded' });
	const latest = c.getByRole('article', { name: `Latest: ${isoDayLabel(Date.now())}` });
	await expect(latest).toBeVisible();
	// Who answered, and what is missing (a free-text answer Bo left blank).
	await expect(latest.getByText(`Answered: ${NAMES.a} and ${NAMES.b}`)).toBeVisible();
	await expect(latest.getByText(/^Left blank: .*What helped this week\?” \(Bo\)/)).toBeVisible();
	const chart = c.getByRole('img', {
		name: 'How much do I trust my partner this week?: answers from 0 to 10 over time'
	});
	const earlier = c.getByRole('heading', { name: 'Earlier check-ins' });
	const top = async (l: Locator) => (await l.boundingBox())!.y;
	expect(await top(latest)).toBeLessThan(await top(chart));
	expect(await top(chart)).toBeLessThan(await top(earlier));
	// The latest check-in's answers show; last week's stay folded until opened.
	const folded = c.locator('summary', { hasText: isoDayLabel(Date.now() - 7 * DAY) });
	const lastWeek = c.locator('details', { has: folded });
	await expect(lastWeek).not.toHaveAttribute('open');
	await expect(lastWeek.getByRole('table')).toBeHidden();
	await folded.click();
	await expect(lastWeek.getByRole('cell', { name: '8', exact: true })).toBeVisible();
	// Once the page is live and has reloaded its data, the week is still as it was left.
	release();
	await c.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	await expect(c.getByRole('status', { name: /Connected/ })).toBeVisible();
	await expect(lastWeek).toHaveAttribute('open');
	await expect(lastWeek.getByRole('cell', { name: '8', exact: true })).toBeVisible();
	await folded.click();
	await expect(lastWeek).not.toHaveAttribute('open');
	await c.context().close();
	await close();
});

test('on a phone, the counselor sorts their couples by any column, and a flag leads to its check-in', async ({
	browser
}) => {
	const { people, spaceId, close } = await scene(browser, { counselor: true });
	const scheduleId = await assignCheckIn(people.c!, spaceId);
	await sendCheckIn(people.b, spaceId, scheduleId, isoDay(Date.now() - 7 * DAY), '9');
	await sendCheckIn(people.b, spaceId, scheduleId, isoDay(Date.now()), '2');
	// A second couple with the same counselor, who shared something with them.
	const [dov, eve] = await Promise.all([someone('Dov'), someone('Eve')]);
	const other = await createSpace(dov, { name: 'Another space' });
	await expectStatus(await join(eve, other.invite.token), 303);
	const invite = await dov.visitor.post(`/spaces/${other.spaceId}/settings?/createInvite`, {
		role: 'counselor'
	});
	await expectStatus(await join(people.c!, inviteFrom(await invite.text()).token), 303);
	for (const p of [dov, eve])
		await expectStatus(
			await p.visitor.post(`/spaces/${other.spaceId}/settings?/approveCounselor`, {
				counselorId: people.c!.id
			}),
			200
		);
	await share(
		dov,
		other.spaceId,
		await writeNote(dov, other.spaceId, { body: 'For Cam' }),
		'counselor'
	);

	const c = await deviceOf(browser, people.c!, { viewport: { width: 390, height: 844 } });
	await c.goto('/home');
	await c.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	const table = c.getByRole('table');
	const couples = table.locator('tbody th a.space-name');
	// What needs a look comes first.
	await expect(couples).toHaveText(['Our space', 'Another space']);
	const unread = table.getByRole('columnheader', { name: 'Unread shared' });
	await unread.getByRole('link').click();
	await expect(c).toHaveURL(/\?sort=unread&dir=desc$/);
	await expect(unread).toHaveAttribute('aria-sort', 'descending');
	await expect(couples).toHaveText(['Another space', 'Our space']);
	await expect(unread.getByRole('link')).toBeFocused();
	await unread.getByRole('link').click();
	await expect(unread).toHaveAttribute('aria-sort', 'ascending');
	await expect(couples).toHaveText(['Our space', 'Another space']);
	await expect(table.getByRole('columnheader', { name: 'Couple' })).not.toHaveAttribute(
		'aria-sort'
	);

	await table
		.getByRole('link', {
			name: `${NAMES.b}: a sharp drop in “How much do I trust my partner this week?”`
		})
		.click();
	await expect(
		c.getByRole('article', { name: `Latest: ${isoDayLabel(Date.now())}` })
	).toBeInViewport();
	await c.context().close();
	await close();
});

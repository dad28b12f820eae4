import { expect, test, type Page } from '@playwright/test';
import { assignCheckIn, isoDay, scene, sendCheckIn } from './fixtures';

const DAY = 86_400_000;

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
	// Beside the chart, each check-in's answers in a table: both partners, both weeks.
	const trust = c.getByRole('row').filter({
		has: c.getByRole('rowheader', { name: /^How much do I trust my partner this week\?/ })
	});
	await expect(trust).toHaveCount(2);
	expect((await trust.getByRole('cell').allTextContents()).sort()).toEqual(['5', '6', '7', '8']);
	await close();
});

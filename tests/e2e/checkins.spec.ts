import { expect, test, type Page } from '@playwright/test';
import { coupleWithCounselor, expectAccessible } from './helpers';

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

async function answer(page: Page, link: RegExp, trust: string, helped: string, hard: string) {
	await page.getByRole('link', { name: link }).first().click();
	await page.getByRole('group', { name: 'How much do I trust my partner this week?' }).getByRole('radio', { name: trust, exact: true }).check();
	await page.getByRole('group', { name: 'How safe did I feel this week?' }).getByRole('radio', { name: '5', exact: true }).check();
	await page.getByRole('group', { name: 'How hopeful am I about us?' }).getByRole('radio', { name: '6', exact: true }).check();
	await page.getByRole('radio', { name: 'Partly' }).check();
	await page.getByLabel('What helped this week? (optional)').fill(helped);
	await page.getByLabel('What was hard this week? (optional)').fill(hard);
	await page.getByRole('button', { name: 'Send my answers' }).click();
	await expect(page.getByRole('heading', { name: 'Check-ins', level: 1 })).toBeVisible();
}

test('a counselor assigns the weekly check-in; both partners see it due live and answer; answers, reveal and trends', async ({ browser }) => {
	const { a, b, c, spaceUrl, close } = await coupleWithCounselor(browser);
	await a.goto(spaceUrl);
	await b.goto(spaceUrl);

	await c.goto(`${spaceUrl}/checkins`);
	await c.getByLabel('Starting on').fill(isoDay(Date.now() - 7 * 86_400_000));
	await c.getByLabel('Due at (in each partner\'s own time zone)').fill('00:00');
	await expectAccessible(c);
	await c.getByRole('button', { name: 'Assign check-in' }).click();
	await expect(c.getByText('Assigned.')).toBeVisible();

	// Both partners see it waiting, without reloading.
	for (const page of [a, b]) await expect(page.getByRole('link', { name: /A check-in is (waiting for you|overdue): Weekly trust check-in/ }).first()).toBeVisible();

	await a.goto(`${spaceUrl}/checkins`);
	await answer(a, /Weekly trust check-in/, '8', 'The walk on Sunday', 'Only for the counselor: the nights');
	await expectAccessible(a);

	// B sees nothing of A's answers until B has answered too.
	await b.goto(`${spaceUrl}/checkins`);
	await expect(b.getByText('The walk on Sunday')).toHaveCount(0);
	await answer(b, /Weekly trust check-in/, '5', 'Talking on Tuesday', 'Work stress');
	await expect(b.getByText('The walk on Sunday')).toBeVisible();
	await expect(b.getByText('Only for the counselor: the nights')).toHaveCount(0);

	// The counselor sees both side by side, counselor-only answers included.
	await c.reload();
	await expect(c.getByText('Only for the counselor: the nights')).toBeVisible();
	await expect(c.getByText('Work stress')).toBeVisible();

	// A second check-in: the counselor sees a trend line per partner.
	for (const [page, trust] of [[a, '6'], [b, '7']] as const) {
		await page.goto(`${spaceUrl}/checkins`);
		await answer(page, /Answer this check-in/, trust, '', '');
	}
	await c.reload();
	await expect(c.getByRole('img', { name: 'How much do I trust my partner this week?: answers from 0 to 10 over time' })).toBeVisible();
	await expectAccessible(c);
	await expect(a.getByText('Work stress')).toHaveCount(0);

	// The counselor's own templates page reads well too.
	await c.goto('/checkins/templates');
	await expect(c.getByRole('heading', { name: 'Weekly trust check-in' })).toBeVisible();
	await expectAccessible(c);
	await close();
});

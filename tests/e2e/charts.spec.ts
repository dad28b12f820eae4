import { expect, test, type Locator, type Page } from '@playwright/test';
import { agreementStep, clientId, propose, writeNote } from '../helpers/notes';
import { expectStatus } from '../helpers/http';
import { choose } from '../helpers/journey';
import { alone, assignCheckIn, deviceOf, isoDay, scene, sendCheckIn } from './fixtures';

const DAY = 86_400_000;
const PHONES = [
	{ width: 360, height: 740 },
	{ width: 390, height: 844 }
];
const TRUST = 'How much do I trust my partner this week?: answers from 0 to 10 over time';

/** A chart's drawing once the browser has drawn it again at its own width. */
async function drawn(page: Page, name: string | RegExp): Promise<Locator> {
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	const plot = page.getByRole('group', { name });
	const width = await plot.evaluate((el) => el.clientWidth);
	await expect(plot.locator('svg[role="img"]')).toHaveAttribute('width', String(width));
	return plot;
}

interface Box {
	text: string;
	left: number;
	right: number;
	top: number;
	bottom: number;
}

/** The box of a chart's drawing, and of each of its axis labels, bottom and left axes apart. */
function geometry(plot: Locator) {
	return plot.evaluate((el) => {
		const svg = el.querySelector('svg[role="img"]')!;
		const box = (e: Element) => {
			const r = e.getBoundingClientRect();
			return {
				text: e.textContent ?? '',
				left: r.left,
				right: r.right,
				top: r.top,
				bottom: r.bottom
			};
		};
		const labels = (placement: string) =>
			[...svg.querySelectorAll(`.placement-${placement} .lc-axis-tick-label`)].map(box);
		return { svg: box(svg), bottom: labels('bottom'), left: labels('left') };
	});
}

/** Every label inside the drawing, and no two labels of an axis over each other. */
function expectLegible(g: { svg: Box; bottom: Box[]; left: Box[] }) {
	for (const label of [...g.bottom, ...g.left]) {
		expect(label.left, `"${label.text}" starts inside the chart`).toBeGreaterThanOrEqual(
			g.svg.left
		);
		expect(label.right, `"${label.text}" ends inside the chart`).toBeLessThanOrEqual(g.svg.right);
		expect(label.top, `"${label.text}" inside the chart`).toBeGreaterThanOrEqual(g.svg.top);
		expect(label.bottom, `"${label.text}" inside the chart`).toBeLessThanOrEqual(g.svg.bottom);
	}
	const sorted = [...g.bottom].sort((a, b) => a.left - b.left);
	for (let i = 1; i < sorted.length; i++)
		expect(
			sorted[i]!.left,
			`"${sorted[i]!.text}" clear of "${sorted[i - 1]!.text}"`
		).toBeGreaterThan(sorted[i - 1]!.right);
	const stacked = [...g.left].sort((a, b) => a.top - b.top);
	for (let i = 1; i < stacked.length; i++)
		expect(stacked[i]!.top).toBeGreaterThan(stacked[i - 1]!.bottom);
}

test('on phones, every axis label of a check-in chart stays inside it and clear of the others, fewer than on a wide screen', async ({
	browser
}) => {
	const { people, c, spaceId, spaceUrl, close } = await scene(browser, { counselor: true });
	// Eight weekly check-ins, from seven weeks ago to today: more days than a phone can label.
	const scheduleId = await assignCheckIn(people.c!, spaceId, 7);
	for (let week = 7; week >= 0; week--) {
		const day = isoDay(Date.now() - week * 7 * DAY);
		await sendCheckIn(people.a, spaceId, scheduleId, day, String(week));
		if (week % 7 === 0) await sendCheckIn(people.b, spaceId, scheduleId, day, '7');
	}
	const counts: number[] = [];
	await c.setViewportSize(PHONES[0]!);
	await c.goto(`${spaceUrl}/checkins`);
	// The chart is drawn again as the screen's width changes.
	for (const viewport of [...PHONES, { width: 1100, height: 900 }]) {
		await c.setViewportSize(viewport);
		const g = await geometry(await drawn(c, TRUST));
		expect(g.left.map((l) => l.text)).toEqual(['0', '5', '10']);
		expectLegible(g);
		counts.push(g.bottom.length);
	}
	expect(counts[0]).toBeGreaterThanOrEqual(2);
	expect(counts[2]).toBeGreaterThan(counts[0]!);
	await close();
});

test('on phones, the keeping chart names its week as a week, inside the chart', async ({
	browser
}) => {
	const { people, a, spaceId, spaceUrl, close } = await scene(browser);
	const id = await propose(people.a, spaceId, 'Sunday evening talk');
	await expectStatus(await agreementStep(people.b, spaceId, id, 'accept', { version: '1' }), 200);
	for (const [who, outcome] of [
		[people.a, 'kept'],
		[people.b, 'not_kept']
	] as const)
		await expectStatus(
			await agreementStep(who, spaceId, id, 'logKeeping', {
				clientId: clientId(),
				outcome,
				note: ''
			}),
			200
		);
	const monday = new Date(Date.now() - ((new Date().getUTCDay() + 6) % 7) * DAY);
	const week = `Week of${monday.toLocaleDateString('en', { month: 'short', day: 'numeric', timeZone: 'UTC' })}`;
	for (const viewport of PHONES) {
		await a.setViewportSize(viewport);
		await a.goto(`${spaceUrl}/agreements`);
		const plot = await drawn(a, /How agreements were kept/);
		const g = await geometry(plot);
		expect(g.bottom.map((l) => l.text)).toEqual([week]);
		expectLegible(g);
		const figure = a.locator('figure').filter({ has: plot });
		await expect(figure.getByRole('listitem')).toHaveText(['Kept', 'Partly kept', 'Not kept']);
	}
	await close();
});

test('a chart names each partner beside a sample of their line, shows its dates, and gives a value on focus, arrow keys and hover', async ({
	browser
}) => {
	const { people, c, spaceId, spaceUrl, close } = await scene(browser, { counselor: true });
	const scheduleId = await assignCheckIn(people.c!, spaceId);
	const lastWeek = isoDay(Date.now() - 7 * DAY);
	await sendCheckIn(people.a, spaceId, scheduleId, lastWeek, '8');
	await sendCheckIn(people.b, spaceId, scheduleId, lastWeek, '5');
	await sendCheckIn(people.a, spaceId, scheduleId, isoDay(Date.now()), '6');
	await c.setViewportSize(PHONES[1]!);
	await c.goto(`${spaceUrl}/checkins`);
	const plot = await drawn(c, TRUST);
	const figure = c.locator('figure').filter({ has: plot });

	// The legend: each name with a swatch of its own colour, dash and point shape.
	const items = figure.getByRole('listitem');
	await expect(items).toHaveText(['Ari', 'Bo']);
	const look = (item: Locator) =>
		item.locator('svg').evaluate((svg) => ({
			dash: getComputedStyle(svg.querySelector('line')!).strokeDasharray,
			colour: getComputedStyle(svg.querySelector('line')!).stroke,
			shape: svg.querySelector('.point')!.tagName
		}));
	const [ari, bo] = [await look(items.nth(0)), await look(items.nth(1))];
	expect(ari.shape).not.toBe(bo.shape);
	expect(ari.dash).not.toBe(bo.dash);
	expect(ari.colour).not.toBe(bo.colour);
	const span = (ms: number) =>
		new Date(ms).toLocaleDateString('en', { month: 'short', day: 'numeric', timeZone: 'UTC' });
	await expect(figure).toContainText(`${span(Date.now() - 7 * DAY)} – ${span(Date.now())}`);

	// From the keyboard: the chart takes focus and shows the latest value; arrows step back.
	const tooltip = plot.locator('.lc-tooltip-root');
	const said = figure.locator('[aria-live="polite"]');
	await plot.focus();
	await expect(plot).toBeFocused();
	await expect(tooltip).toHaveText(
		new RegExp(`^\\s*Ari\\s*${span(Date.now())}\\s*6 out of 10\\s*$`)
	);
	await expect(said).toHaveText(`Ari, ${span(Date.now())}: 6 out of 10`);
	await c.keyboard.press('ArrowLeft');
	await expect(said).toHaveText(`Bo, ${span(Date.now() - 7 * DAY)}: 5 out of 10`);
	await c.keyboard.press('Home');
	await expect(said).toHaveText(`Ari, ${span(Date.now() - 7 * DAY)}: 8 out of 10`);
	await expect(tooltip).toContainText('8 out of 10');

	// With the pointer: over Bo's only point.
	await plot.blur();
	await expect(tooltip).toBeHidden();
	const point = plot.locator('.mark-1 .point');
	await point.hover();
	await expect(tooltip).toHaveText(
		new RegExp(`^\\s*Bo\\s*${span(Date.now() - 7 * DAY)}\\s*5 out of 10\\s*$`)
	);
	await close();
});

test('a single emotion check-in is drawn as a point, on the server too, with its date', async ({
	browser
}) => {
	const { me, page, spaceId, spaceUrl } = await alone(browser, 'Noa', { viewport: PHONES[0] });
	await writeNote(me, spaceId, { feelings: 'anxious', intensity: '6', note: '' }, 'emotion');
	const today = new Date().toLocaleDateString('en', {
		month: 'short',
		day: 'numeric',
		year: 'numeric',
		timeZone: 'UTC'
	});

	// Without scripts: the server's drawing, labels inside, the point there, the table beside it.
	const still = await deviceOf(browser, me, { viewport: PHONES[0], javaScriptEnabled: false });
	await still.goto(`${spaceUrl}/journal/feelings`);
	const served = still.getByRole('img', { name: /Intensity of 1 check-in over time/ });
	await expect(served).toBeVisible();
	await expect(served.locator('.point')).toHaveCount(1);
	await expect(still.getByRole('figure')).toContainText(today);
	expectLegible(await geometry(still.getByRole('group', { name: /Intensity of 1 check-in/ })));
	await expect(still.getByText('The same as a table')).toBeVisible();
	await still.context().close();

	await page.goto(`${spaceUrl}/journal/feelings`);
	const plot = await drawn(page, /Intensity of 1 check-in over time/);
	const point = plot.locator('.point');
	await expect(point).toHaveCount(1);
	const size = await point.boundingBox();
	expect(size!.width).toBeGreaterThan(5);
	// In the middle of its week, not against the axis.
	const g = await geometry(plot);
	const axis = await plot.locator('.placement-bottom .lc-axis-rule').boundingBox();
	const middle = axis!.x + axis!.width / 2;
	expect(Math.abs(size!.x + size!.width / 2 - middle)).toBeLessThan(2);
	expectLegible(g);
	await page
		.getByRole('img', { name: /Intensity of 1 check-in/ })
		.locator('.point')
		.hover();
	await expect(plot.locator('.lc-tooltip-root')).toContainText('6 out of 10');
	await page.context().close();
});

test('the space home loads no chart, in rebuilding too; its link leads to how agreements were kept', async ({
	browser
}) => {
	const { people, a, spaceId, spaceUrl, close } = await scene(browser, { stage: 4 });
	// The scripts a visit loads, and whether any of them draws charts.
	const loaded = new Set<string>();
	a.on('response', (r) => {
		if (r.url().endsWith('.js')) loaded.add(r.url());
	});
	const chartCode = async () => {
		const code = await Promise.all([...loaded].map(async (u) => (await a.request.get(u)).text()));
		loaded.clear();
		return code.some((c) => c.includes('lc-tooltip-context'));
	};
	await a.goto(spaceUrl);
	await a.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	expect(await chartCode()).toBe(false);

	await expectStatus(await choose(people.a, spaceId, 'continue'), 200);
	await expectStatus(await choose(people.b, spaceId, 'continue'), 200);
	await expectStatus(
		await agreementStep(people.a, spaceId, await inForce(people), 'logKeeping', {
			clientId: clientId(),
			outcome: 'partly',
			note: ''
		}),
		200
	);
	await a.reload();
	await a.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	expect(await chartCode()).toBe(false);
	await a.getByRole('link', { name: 'Consistency over time' }).click();
	const plot = await drawn(a, /How agreements were kept/);
	expect(await chartCode()).toBe(true);
	await expect(plot.getByRole('img', { name: /How agreements were kept/ })).toBeVisible();
	await plot.focus();
	await expect(plot.locator('.lc-tooltip-root')).toContainText('Partly kept: 1');
	await close();

	async function inForce(p: typeof people) {
		const id = await propose(p.a, spaceId, 'Sunday evening talk');
		await expectStatus(await agreementStep(p.b, spaceId, id, 'accept', { version: '1' }), 200);
		return id;
	}
});

import { expect, test, type Page } from '@playwright/test';
import { stageStep } from '../helpers/journey';
import { expectStatus } from '../helpers/http';
import { NAMES, scene } from './fixtures';

const PHONE = { width: 390, height: 844 };
const places = (page: Page) => page.getByRole('navigation', { name: 'This space', exact: true });

test('on a phone, the space’s places sit at the bottom, mark where one is, and lead there', async ({
	browser
}) => {
	const { a, spaceUrl, close } = await scene(browser);
	await a.setViewportSize(PHONE);
	await a.goto(spaceUrl);
	const nav = places(a);
	await expect(nav).toBeVisible();
	const box = (await nav.boundingBox())!;
	expect(box.y + box.height).toBeCloseTo(PHONE.height, 0);
	for (const name of ['Space', 'Journal', 'Talk', 'Agreements', 'More'])
		await expect(nav.getByRole('link', { name })).toBeVisible();
	// Each name whole, on one line, on this phone and on a small one.
	for (const width of [PHONE.width, 320]) {
		await a.setViewportSize({ width, height: PHONE.height });
		for (const label of await nav.locator('a span').all()) {
			const lines = await label.evaluate((el) => el.getClientRects().length);
			const { scrollWidth, clientWidth } = await label.evaluate((el) => ({
				scrollWidth: el.scrollWidth,
				clientWidth: (el.parentElement as HTMLElement).clientWidth
			}));
			expect(lines, await label.innerText()).toBe(1);
			expect(scrollWidth, await label.innerText()).toBeLessThanOrEqual(clientWidth);
		}
	}
	await a.setViewportSize(PHONE);
	await expect(nav.getByRole('link', { name: 'Space' })).toHaveAttribute('aria-current', 'page');
	// The site's own links make room on a phone: they are under "More".
	await expect(a.getByRole('navigation', { name: 'Main' })).toBeHidden();

	// The bar never hides the end of the page.
	await a.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
	const last = (await a
		.getByRole('link', { name: 'Support and crisis lines' })
		.last()
		.boundingBox())!;
	expect(last.y + last.height).toBeLessThanOrEqual(box.y);

	// By keyboard.
	await nav.getByRole('link', { name: 'Journal' }).focus();
	await a.keyboard.press('Enter');
	await expect(a).toHaveURL(`${spaceUrl}/journal`);
	await expect(nav.getByRole('link', { name: 'Journal' })).toHaveAttribute('aria-current', 'page');
	await expect(nav.getByRole('link', { name: 'Space' })).not.toHaveAttribute('aria-current');

	await nav.getByRole('link', { name: 'Talk' }).click();
	await expect(a).toHaveURL(`${spaceUrl}/conversations`);
	await expect(nav.getByRole('link', { name: 'Talk' })).toHaveAttribute('aria-current', 'page');

	await nav.getByRole('link', { name: 'More' }).click();
	await expect(a.getByRole('heading', { level: 1, name: 'More' })).toBeVisible();
	await expect(nav.getByRole('link', { name: 'More' })).toHaveAttribute('aria-current', 'page');
	await expect(a.getByRole('link', { name: 'Leave this space' })).toBeVisible();
	await a.getByRole('link', { name: 'This space', exact: true }).click();
	await expect(a.getByRole('heading', { level: 1, name: 'This space' })).toBeVisible();
	await expect(a.getByRole('group', { name: 'How do you see yourself' })).toBeVisible();
	await close();
});

test('on a wide screen, the same places are in the header', async ({ browser }) => {
	const { a, spaceUrl, close } = await scene(browser);
	await a.setViewportSize({ width: 1280, height: 800 });
	await a.goto(`${spaceUrl}/agreements`);
	const nav = a.getByRole('banner').getByRole('navigation', { name: 'This space', exact: true });
	await expect(nav).toBeVisible();
	expect((await nav.boundingBox())!.y).toBeLessThan(80);
	await expect(nav.getByRole('link', { name: 'Agreements' })).toHaveAttribute(
		'aria-current',
		'page'
	);
	await expect(a.getByRole('navigation', { name: 'Main' })).toBeVisible();
	await nav.getByRole('link', { name: 'Space' }).click();
	await expect(a.getByRole('heading', { name: 'Next step' })).toBeVisible();
	await close();
});

test('Quick exit keeps its own place in the header and never lies over the page’s words', async ({
	browser
}) => {
	const { a, spaceUrl, close } = await scene(browser);
	await a.setViewportSize(PHONE);
	await a.goto(`${spaceUrl}/stages/1`);
	await a.getByText('Read more').click();
	const exit = a.getByRole('link', { name: 'Quick exit' });
	const header = a.getByRole('banner');
	const words = a.locator('main').locator('h1, h2, h3, p, li, summary, label, a, button');
	for (const y of [0, 150, 400, 700]) {
		await a.evaluate((to) => window.scrollTo(0, to), y);
		await expect(exit).toBeInViewport();
		const e = (await exit.boundingBox())!;
		const h = (await header.boundingBox())!;
		// Inside the header, which is in view whatever the scroll.
		expect(e.y).toBeGreaterThanOrEqual(h.y);
		expect(e.y + e.height).toBeLessThanOrEqual(h.y + h.height);
		// At the header's end, where it is on every page: nothing else takes room beside it.
		expect(h.x + h.width - (e.x + e.width)).toBeLessThanOrEqual(24);
		const overlapping = await words.evaluateAll(
			(els, [ex, headerBottom]) =>
				els
					.map((el) => ({ el, r: el.getBoundingClientRect() }))
					// What has scrolled under the header is out of view: only the part below it counts.
					.map(({ el, r }) => ({ el, r, top: Math.max(r.top, headerBottom) }))
					.filter(({ r, top }) => r.bottom > top && r.width > 0)
					.filter(
						({ r, top }) =>
							r.left < ex.x + ex.width &&
							r.right > ex.x &&
							top < ex.y + ex.height &&
							r.bottom > ex.y
					)
					.map(({ el }) => el.textContent?.trim().slice(0, 40)),
			[e, h.y + h.height] as const
		);
		expect(overlapping, `scrolled to ${y}`).toEqual([]);
	}
	await close();
});

test('Who’s here counts a partner who has another page of the space open', async ({ browser }) => {
	const { a, b, spaceUrl, close } = await scene(browser);
	await b.goto(`${spaceUrl}/stages/1`);
	await expect(b.getByRole('status', { name: 'Live updates: Connected' })).toBeVisible();
	await a.goto(spaceUrl);
	const bo = a.getByRole('list', { name: "Who's here" }).getByRole('listitem').filter({
		hasText: NAMES.b
	});
	await expect(bo).toContainText('online');
	// Leaving the space's pages is being away.
	await b.goto('/account');
	await expect(bo).toContainText('away');
	await close();
});

test('the space home leads with the next step, and the journal and stage as the main actions', async ({
	browser
}) => {
	const { people, b, spaceUrl, spaceId, close } = await scene(browser);
	await expectStatus(await stageStep(people.a, spaceId, 1, 'ready'), 200);
	await b.setViewportSize(PHONE);
	await b.goto(spaceUrl);
	const next = b.getByRole('region', { name: 'Next step' });
	await expect(next).toBeInViewport();
	await expect(
		next.getByRole('link', { name: `${NAMES.a} is ready to move on, whenever you are.` })
	).toBeVisible();
	await expect(next.getByRole('link', { name: 'Emotion check-in' })).toBeVisible();
	await expect(b.getByRole('link', { name: 'My journal' })).toHaveClass(/button/);
	const stage = b.getByRole('link', { name: 'Stage 1: Process feelings' });
	await expect(stage).toHaveClass(/button/);
	await expect(stage).toBeInViewport();
	await close();
});

test('reaching a new stage is greeted on both partners’ devices, live, and only once', async ({
	browser
}) => {
	const { people, a, b, spaceUrl, spaceId, close } = await scene(browser);
	await expectStatus(await stageStep(people.b, spaceId, 1, 'ready'), 200);
	await b.goto(`${spaceUrl}/journal`);
	await expect(b.getByRole('status', { name: 'Live updates: Connected' })).toBeVisible();
	await a.goto(`${spaceUrl}/stages/1`);
	await a.getByRole('button', { name: "I'm ready to move on" }).click();

	const greeting = 'You have reached stage 2 of 4 together';
	await expect(a).toHaveURL(`${spaceUrl}/stages/2`);
	await expect(a.getByRole('status', { name: greeting })).toBeVisible();
	await expect(b.getByRole('status', { name: greeting })).toBeVisible();
	await expect(b).toHaveURL(`${spaceUrl}/journal`);

	// Once seen, it is not shown again, on another page or after a reload.
	await b
		.getByRole('navigation', { name: 'This space', exact: true })
		.getByRole('link', { name: 'Space' })
		.click();
	await expect(b.getByRole('heading', { name: 'Next step' })).toBeVisible();
	await expect(b.getByRole('status', { name: greeting })).toHaveCount(0);
	await a.reload();
	await expect(a.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(a.getByRole('status', { name: greeting })).toHaveCount(0);
	await close();
});

test('a page comes alive without adding links for code its head already names', async ({
	browser
}) => {
	const { a, spaceUrl, close } = await scene(browser);
	// The code the page's markup names, and every link a script puts into the page afterwards.
	await a.addInitScript(() => {
		const seen = { named: [] as string[], added: [] as string[] };
		(window as unknown as { seen: typeof seen }).seen = seen;
		new MutationObserver((changes) => {
			for (const change of changes)
				for (const node of change.addedNodes)
					if (node instanceof HTMLLinkElement)
						(document.readyState === 'loading' ? seen.named : seen.added).push(node.href);
		}).observe(document, { subtree: true, childList: true });
	});
	await a.goto(`${spaceUrl}/journal`);
	await a.locator('html[data-hydrated]').waitFor({ state: 'attached' });
	const { named, added } = await a.evaluate(
		() => (window as unknown as { seen: { named: string[]; added: string[] } }).seen
	);
	expect(named.filter((href) => href.endsWith('.js')).length).toBeGreaterThan(5);
	expect(added.filter((href) => named.includes(href))).toEqual([]);
	await close();
});

import { spawnSync } from 'node:child_process';
import { chromium, expect, test, type Browser, type Worker } from '@playwright/test';
import { NEUTRAL } from '../../src/lib/domain/notifications';
import { CHROMIUM_ARGS } from '../setup/ensure-chromium.js';
import { alone, deviceOf, origin, someone } from './fixtures';

/**
 * The service worker, as Chromium runs it: a message pushed to the device is shown as a
 * notification, and tapping it opens the page it points to. The push message is handed to the
 * worker through the DevTools protocol, as the browser's push service would hand it over.
 *
 * Chromium's headless shell has no notifications at all, so this one test runs in the full
 * Chromium (Debian's `chromium`, which the test setup installs), headless.
 */
/** The little of a service worker's scope the test touches (these types know only pages). */
interface WorkerScope {
	registration: { getNotifications(): Promise<Notification[]> };
	dispatchEvent(event: Event): boolean;
}
declare const NotificationEvent: new (type: string, init: { notification: Notification }) => Event;

let full: Browser;
test.beforeAll(async () => {
	const path =
		process.env.CHROMIUM_FULL_PATH ??
		spawnSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).stdout.trim();
	expect(path, 'the full Chromium (apt-get install chromium)').not.toBe('');
	full = await chromium.launch({
		executablePath: path,
		args: CHROMIUM_ARGS
	});
});
test.afterAll(async () => {
	await full?.close();
});

test('a pushed message is shown as a notification, and tapping it opens its page', async () => {
	const { page, spaceId } = await alone(full, 'Pia', { permissions: ['notifications'] });
	const context = page.context();
	const cdp = await context.newCDPSession(page);
	await cdp.send('ServiceWorker.enable');
	const registered = new Promise<string>((ok) =>
		cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
			const ours = registrations.find((r) => r.scopeURL === `${origin}/` && !r.isDeleted);
			if (ours) ok(ours.registrationId);
		})
	);
	// Pushed only once the worker is active and running: a message handed to a worker still
	// being installed is not shown.
	const activated = new Promise<void>((ok) =>
		cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
			if (versions.some((v) => v.status === 'activated' && v.runningStatus === 'running')) ok();
		})
	);
	const started = context.serviceWorkers()[0]
		? Promise.resolve(context.serviceWorkers()[0]!)
		: context.waitForEvent('serviceworker');

	await page.goto('/home');
	// The worker takes charge of the open page as soon as it is active.
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
		if (!navigator.serviceWorker.controller)
			await new Promise((ok) =>
				navigator.serviceWorker.addEventListener('controllerchange', ok, { once: true })
			);
	});
	const worker: Worker = await started;
	const registrationId = await registered;
	await activated;

	const path = `/spaces/${spaceId}/agreements`;
	await cdp.send('ServiceWorker.deliverPushMessage', {
		origin,
		registrationId,
		data: JSON.stringify({ title: 'Trellis', body: NEUTRAL, path })
	});
	const shown = () =>
		worker.evaluate(async () =>
			(await (self as unknown as WorkerScope).registration.getNotifications()).map((n) => ({
				title: n.title,
				body: n.body,
				data: n.data as unknown
			}))
		);
	await expect.poll(shown).toEqual([{ title: 'Trellis', body: NEUTRAL, data: { path } }]);

	// A tap on it: the worker's own click handler runs and steers the open page there.
	await worker.evaluate(async () => {
		const sw = self as unknown as WorkerScope;
		const [notification] = await sw.registration.getNotifications();
		sw.dispatchEvent(new NotificationEvent('notificationclick', { notification: notification! }));
	});
	await page.waitForURL(`${origin}${path}`);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expect.poll(shown).toEqual([]);

	await context.close();
});

test('the worker keeps no copy of any page or data, and the app can be installed', async ({
	browser
}) => {
	const me = await someone('Quinn');
	const page = await deviceOf(browser, me);
	await page.goto('/home');
	await page.evaluate(() => navigator.serviceWorker.ready);
	await page.goto('/account');
	await expect(page.getByRole('heading', { name: 'Account', exact: true })).toBeVisible();
	expect(await page.evaluate(async () => (await caches.keys()).length)).toBe(0);

	const manifest = (await (await page.request.get('/manifest.webmanifest')).json()) as {
		icons: { src: string; sizes: string; purpose: string }[];
		display: string;
		start_url: string;
	};
	expect(manifest.display).toBe('standalone');
	expect(manifest.icons.some((i) => i.purpose === 'maskable' && i.sizes === '512x512')).toBe(true);
	for (const icon of manifest.icons) {
		const res = await page.request.get(icon.src);
		expect(res.status(), icon.src).toBe(200);
	}
	const touch = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
	expect((await page.request.get(touch!)).headers()['content-type']).toBe('image/png');
	await page.context().close();
});

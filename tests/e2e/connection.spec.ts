import { expect, test, type WebSocketRoute } from '@playwright/test';
import { propose } from '../helpers/notes';
import type { Socket } from 'socket.io-client';
import { connected, openSocket } from '../helpers/sockets';
import { deviceOf, origin, scene, someone } from './fixtures';

test('the indicator shows a dropped connection and its recovery', async ({ browser }) => {
	const page = await deviceOf(browser, await someone('Kai'));
	let cut = false;
	const open: WebSocketRoute[] = [];
	// Sit between the page and the server, so the connection can be dropped on demand.
	await page.routeWebSocket(/\/socket\.io\//, (ws) => {
		if (cut) return void ws.close();
		ws.connectToServer();
		open.push(ws);
	});
	await page.route(/\/socket\.io\//, (route) => (cut ? route.abort() : route.continue()));

	await page.goto('/home');
	await expect(page.getByRole('status', { name: /Connected/ })).toBeVisible();

	cut = true;
	await Promise.all(open.splice(0).map((ws) => ws.close()));
	await expect(page.getByRole('status', { name: /Reconnecting/ })).toBeVisible();

	cut = false;
	await expect(page.getByRole('status', { name: /Connected/ })).toBeVisible();
	await page.context().close();
});

test('a page turned away for now (every connection its person may hold is open) connects by itself once one closes', async ({
	browser
}) => {
	const lio = await someone('Lio');
	const held: Socket[] = [];
	try {
		// Twenty other tabs and devices of the same person, each connected.
		for (let i = 0; i < 20; i++) {
			const socket = openSocket(origin, { token: lio.visitor.sessionToken! });
			held.push(socket);
			await connected(socket);
		}
		const page = await deviceOf(browser, lio);
		await page.goto('/home');
		await expect(page.getByRole('status', { name: /Reconnecting/ })).toBeVisible();
		held.pop()!.close();
		await expect(page.getByRole('status', { name: /Connected/ })).toBeVisible();
		await page.context().close();
	} finally {
		for (const socket of held) socket.close();
	}
});

test('a change announced while a page is on its way does not cancel the navigation', async ({
	browser
}) => {
	const { people, a, spaceId, spaceUrl, close } = await scene(browser);
	const announced = new Promise<void>((resolve) => {
		a.on('websocket', (ws) =>
			ws.on('framereceived', (frame) => {
				if (String(frame.payload).includes('space:changed')) resolve();
			})
		);
	});
	await a.goto(spaceUrl);
	await expect(a.getByRole('status', { name: /Connected/ })).toBeVisible();

	// Hold A's way to the journal until B's change has been announced to A.
	let release = () => {};
	let loads = 0;
	const held = new Promise<void>((resolve) => (release = resolve));
	const asked = new Promise<void>((resolve) => {
		void a.route(/\/journal\/__data\.json/, async (route) => {
			loads += 1;
			resolve();
			await held;
			await route.continue();
		});
	});
	await a.getByRole('link', { name: 'My journal' }).click();
	await asked;

	await propose(
		people.b,
		spaceId,
		'Phones down at dinner',
		'Both phones stay in the hall while we eat.'
	);
	await announced;
	release();

	await expect(a.getByRole('heading', { name: 'My journal', level: 1 })).toBeVisible();
	await expect(a).toHaveURL(`${spaceUrl}/journal`);
	// The announcement is still honoured once the page has arrived: it reloads its data. (On a
	// busy machine the live connection may also be renewed meanwhile, which reloads once more.)
	await expect.poll(() => loads).toBeGreaterThanOrEqual(2);
	await close();
});

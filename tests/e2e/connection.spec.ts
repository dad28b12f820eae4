import { expect, test, type WebSocketRoute } from '@playwright/test';
import { signUp } from './helpers';

test('the indicator shows a dropped connection and its recovery', async ({ page }) => {
	let cut = false;
	const open: WebSocketRoute[] = [];
	// Sit between the page and the server, so the connection can be dropped on demand.
	await page.routeWebSocket(/\/socket\.io\//, (ws) => {
		if (cut) return void ws.close();
		ws.connectToServer();
		open.push(ws);
	});
	await page.route(/\/socket\.io\//, (route) => (cut ? route.abort() : route.continue()));

	await signUp(page, 'Kai');
	await expect(page.getByRole('status', { name: /Connected/ })).toBeVisible();

	cut = true;
	await Promise.all(open.splice(0).map((ws) => ws.close()));
	await expect(page.getByRole('status', { name: /Reconnecting/ })).toBeVisible();

	cut = false;
	await expect(page.getByRole('status', { name: /Connected/ })).toBeVisible({ timeout: 15_000 });
});

/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />

/**
 * Trellis's service worker does two things: it shows a notification when the server pushes one,
 * and it opens the right page when the notification is tapped. It has no fetch handler and keeps
 * no cache, so no page and no data of anyone's is ever stored by it; every page still comes from
 * the server, behind log-in.
 */
import { readPushed, safePath } from '$lib/pushed';

const sw = self as unknown as ServiceWorkerGlobalScope;

sw.addEventListener('install', () => {
	void sw.skipWaiting();
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(sw.clients.claim());
});

sw.addEventListener('push', (event) => {
	const message = readPushed(() => event.data?.json());
	event.waitUntil(
		sw.registration.showNotification(message.title, {
			body: message.body,
			data: { path: message.path },
			icon: '/icons/icon-192.png',
			badge: '/icons/badge-96.png',
			// One at a time: a new one replaces the last rather than piling up.
			tag: 'trellis'
		})
	);
});

async function openPage(path: string): Promise<void> {
	const url = new URL(path, sw.location.origin).href;
	const windows = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
	for (const client of windows) {
		if (new URL(client.url).origin !== sw.location.origin) continue;
		try {
			const shown = await client.focus().catch(() => client);
			await shown.navigate(url);
			return;
		} catch {
			// Not one of ours to steer: open a new window instead.
		}
	}
	await sw.clients.openWindow(url);
}

sw.addEventListener('notificationclick', (event) => {
	event.notification.close();
	const data = event.notification.data as { path?: unknown } | null;
	event.waitUntil(openPage(safePath(data?.path)));
});

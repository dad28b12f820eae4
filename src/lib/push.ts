/**
 * The browser's side of "Notify this device": asking for permission, and the push subscription
 * that lets Trellis reach this device through its browser's push service.
 */

/** 'yes'; 'install' where the browser notifies only an app added to the Home Screen; or 'no'. */
export function pushSupport(): 'yes' | 'install' | 'no' {
	const capable =
		'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
	if (capable) return 'yes';
	const apple = /iPhone|iPad|iPod/.test(navigator.userAgent);
	return apple && 'serviceWorker' in navigator ? 'install' : 'no';
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
	const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
	const raw = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
	return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

export interface Subscribed {
	endpoint: string;
	p256dh: string;
	auth: string;
}

/** Asks for permission, then subscribes this browser with the server's public key. */
export async function subscribeThisDevice(publicKey: string): Promise<Subscribed | 'blocked'> {
	const permission = await Notification.requestPermission();
	if (permission !== 'granted') return 'blocked';
	const registration = await navigator.serviceWorker.ready;
	// A subscription made with another key cannot be reused: start afresh.
	await (await registration.pushManager.getSubscription())?.unsubscribe();
	const subscription = await registration.pushManager.subscribe({
		userVisibleOnly: true,
		applicationServerKey: keyBytes(publicKey)
	});
	const { endpoint, keys } = subscription.toJSON();
	if (!endpoint || !keys?.p256dh || !keys.auth) throw new Error('incomplete subscription');
	return { endpoint, p256dh: keys.p256dh, auth: keys.auth };
}

/** Forgets this browser's subscription, so its push service drops it too. */
export async function unsubscribeThisDevice(): Promise<void> {
	try {
		const registration = await navigator.serviceWorker?.getRegistration();
		await (await registration?.pushManager.getSubscription())?.unsubscribe();
	} catch {
		// The server forgets the device either way.
	}
}

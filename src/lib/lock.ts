/**
 * Locking this device. A lock is asked for twice over: a cookie the browser holds at once (so the
 * very next page this browser asks for is locked, however soon) and a request that tells the
 * server now (so this session's other tabs lock and their live connections close).
 */
export const LOCK_COOKIE = 'trellis_lock';

/** The page to go to on a locked device, coming back to where the person was once unlocked. */
export function unlockPath(here: string): string {
	return here.startsWith('/unlock') ? here : `/unlock?redirectTo=${encodeURIComponent(here)}`;
}

export function lockThisDevice(): void {
	const secure = location.protocol === 'https:' ? '; Secure' : '';
	document.cookie = `${LOCK_COOKIE}=1; Path=/; SameSite=Strict; Max-Age=31536000${secure}`;
	try {
		// keepalive: the request goes on even though the page is being left.
		void fetch('/unlock?/lock', {
			method: 'POST',
			keepalive: true,
			headers: { 'x-sveltekit-action': 'true' },
			body: new FormData()
		}).catch(() => {});
	} catch {
		// The cookie alone locks this browser's next request.
	}
}

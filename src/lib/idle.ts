/**
 * Watches for this device being left alone. Use in any tab counts for all of this browser's tabs
 * (they share one session), through localStorage; the time is only compared with itself.
 */
const LAST_USE = 'trellis-last-use';
const USE_EVENTS = ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart', 'scroll'] as const;
/** While someone reads or types without sending anything, the server still hears they are here. */
const TELL_SERVER_EVERY_MS = 60_000;
const CHECK_EVERY_MS = 5_000;

function lastUse(fallback: number): number {
	try {
		return Math.max(fallback, Number(localStorage.getItem(LAST_USE)) || 0);
	} catch {
		return fallback; // storage can be unavailable (private modes): this tab alone then
	}
}

export function watchIdle(
	minutes: number,
	/** Told once, when nothing has been done in this browser for `minutes`. */
	onIdle: () => void,
	/** Told at most once a minute while the person is using the page. */
	inUse: () => void
): () => void {
	const limit = minutes * 60_000;
	let mine = Date.now();
	let toldServer = mine;
	let done = false;

	const used = () => {
		const now = Date.now();
		if (now - mine < 1_000) return;
		mine = now;
		try {
			localStorage.setItem(LAST_USE, String(now));
		} catch {
			// this tab still counts its own use
		}
		if (now - toldServer >= TELL_SERVER_EVERY_MS) {
			toldServer = now;
			inUse();
		}
	};
	// A phone that slept runs no timers: on waking, the check comes before anything else.
	const check = () => {
		if (done || Date.now() - lastUse(mine) < limit) return;
		done = true;
		onIdle();
	};
	for (const type of USE_EVENTS) addEventListener(type, used, { passive: true, capture: true });
	document.addEventListener('visibilitychange', check);
	addEventListener('pageshow', check);
	const timer = setInterval(check, CHECK_EVERY_MS);
	return () => {
		clearInterval(timer);
		for (const type of USE_EVENTS) removeEventListener(type, used, { capture: true });
		document.removeEventListener('visibilitychange', check);
		removeEventListener('pageshow', check);
	};
}

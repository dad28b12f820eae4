/**
 * Trellis keeps to one entry of the browser's history: every move inside it, by link, form or
 * script, replaces the entry instead of adding one. Quick exit then replaces that one entry with
 * the neutral site, and Back from there leaves Trellis entirely. SvelteKit's router, its shallow
 * routing and our own code all add entries through history.pushState, so this one place turns
 * each into a replacement. (Pages the browser loads on its own, without our scripts, still add
 * entries; the safety page says so.)
 */
export function keepOneHistoryEntry(): void {
	const replace = History.prototype.replaceState;
	history.pushState = function (data: unknown, unused: string, url?: string | URL | null) {
		replace.call(this, data, unused, url);
	};
}

import { onMount } from 'svelte';
import { page } from '$app/state';
import { formatDate } from '$lib/time';

// One set of options per zone and style, made once: the same object every time, so each
// formatter is recognised at once (see formatDate).
type Styles = { dateTime: Intl.DateTimeFormatOptions; date: Intl.DateTimeFormatOptions };
// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a cache of fixed options, never shown
const zoned = new Map<string, Styles>();
function stylesIn(timeZone: string | undefined): Styles {
	const key = timeZone ?? '';
	let styles = zoned.get(key);
	if (!styles) {
		styles = {
			dateTime: { dateStyle: 'medium', timeStyle: 'short', timeZone },
			date: { dateStyle: 'medium', timeZone }
		};
		zoned.set(key, styles);
	}
	return styles;
}

/**
 * A moment as the reader reads it: in the time zone their account keeps (`zone`), or in the
 * device's own (`zone` undefined). A moment written in UTC because nobody's own zone is known
 * (not logged in, or never told) says so plainly.
 */
export function momentText(at: number, zone: string | undefined, withTime = true): string {
	return (
		formatDate(at, stylesIn(zone)[withTime ? 'dateTime' : 'date']) +
		(withTime && zone === 'UTC' ? ' UTC' : '')
	);
}

export { momentIso } from '$lib/time';

export interface Moments {
	/** `at` written for the reader (see momentText). */
	text(at: number, withTime?: boolean): string;
}

/**
 * Moments written in the reader's own time zone: the one their account keeps until the page
 * runs in their browser (and always, without scripts), then their device's. Call it while a
 * component is being set up; one per component, however many moments it shows, so that a long
 * list pays for the zone once rather than once per moment.
 */
export function moments(): Moments {
	let local = $state(false);
	onMount(() => (local = true));
	const accountZone = $derived(
		(page.data.user as { timeZone?: string } | null | undefined)?.timeZone ?? 'UTC'
	);
	return {
		text: (at, withTime = true) => momentText(at, local ? undefined : accountZone, withTime)
	};
}

import { browser } from '$app/environment';
import { page } from '$app/state';
import { wallClock } from '$lib/domain/schedule';
import { localWall, writtenDay, writtenDayAndTime } from '$lib/time';

/**
 * A moment as the reader reads it: in the time zone their account keeps (`zone`), or in the
 * device's own (`zone` undefined). A moment written in UTC because nobody's own zone is known
 * (not logged in, or never told) says so plainly.
 */
export function momentText(at: number, zone: string | undefined, withTime = true): string {
	const wall = zone === undefined ? localWall(at) : wallClock(at, zone);
	return withTime ? writtenDayAndTime(wall) + (zone === 'UTC' ? ' UTC' : '') : writtenDay(wall);
}

export { momentIso } from '$lib/time';

export interface Moments {
	/** `at` written for the reader (see momentText). */
	text(at: number, withTime?: boolean): string;
}

/**
 * Moments written in the reader's own time zone: on the server (and so without scripts) the
 * one their account keeps, in the browser their device's. The browser writes them in its own
 * zone from the first moment it renders, so a page coming alive rewrites only the text that
 * differs, and needs no date formatter to do it. Call it while a component is being set up.
 */
export function moments(): Moments {
	const accountZone = $derived(
		(page.data.user as { timeZone?: string } | null | undefined)?.timeZone ?? 'UTC'
	);
	return {
		text: (at, withTime = true) => momentText(at, browser ? undefined : accountZone, withTime)
	};
}

import type { Io } from './io';

/**
 * When the rooms this process serves were last told of a change (`space:changed`), as far as it
 * has heard: its own announcements and, with several processes, the others'. A page is read at a
 * moment; when its live connection first opens, the device asks whether anything it would have
 * been told of has changed since. If nothing has, it keeps what it shows instead of reading the
 * whole page again, which every signed-in page would otherwise do a moment after it opens.
 *
 * What this process cannot vouch for counts as changed: a moment before it started hearing, or
 * longer ago than it remembers.
 */

/** How long a change is remembered: far longer than a page takes to connect. */
export const REMEMBER_MS = 10 * 60_000;
/** Allowance for the clocks of different machines, and for a page read as a change landed. */
export const SKEW_MS = 5_000;

const last = new Map<string, number>();
let hearingSince = Infinity;
let prunedAt = 0;
/** Whether there are other processes to tell (REDIS_URL). */
let others = false;

function note(roomNames: readonly string[], at: number): void {
	for (const room of roomNames) if ((last.get(room) ?? -Infinity) < at) last.set(room, at);
	if (at - prunedAt < 60_000) return;
	prunedAt = at;
	for (const [room, when] of last) if (when < at - REMEMBER_MS) last.delete(room);
}

/**
 * Starts hearing of changes, this process's own and (when `clustered`) the other processes'.
 * Until this is called, every question is answered "changed".
 */
export function listen(io: Io, clustered: boolean, now = Date.now()): void {
	if (clustered) io.on('rooms:changed', (roomNames, at) => note(roomNames, at));
	others = clustered;
	hearingSince = now;
}

/** Stops hearing (the server is closing): from now on, everything counts as changed. */
export function stopListening(): void {
	hearingSince = Infinity;
	others = false;
	last.clear();
}

/**
 * Notes a change for `roomNames` here and tells the other processes, before the rooms are told.
 * A process reads what others send in the order it was sent, so by the time it passes a room's
 * announcement on, it has noted the change: a device that asks after joining its rooms either
 * hears the announcement or is told of the change.
 */
export function announce(io: Io, roomNames: readonly string[], at = Date.now()): void {
	note(roomNames, at);
	// With one process, the in-memory adapter has nobody to tell (and warns when asked to).
	if (others) io.serverSideEmit('rooms:changed', [...roomNames], at);
}

/** Whether any of `roomNames` may have changed since `since` (ms since the epoch). */
export function changedSince(
	roomNames: readonly string[],
	since: number,
	now = Date.now()
): boolean {
	const from = since - SKEW_MS;
	if (from < hearingSince || from < now - REMEMBER_MS) return true;
	return roomNames.some((room) => (last.get(room) ?? -Infinity) >= from);
}

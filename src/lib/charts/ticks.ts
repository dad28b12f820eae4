/**
 * Which ticks of an axis get a label, so that labels never run into each other or out of the
 * drawing. Worked out from the width a label will take, before anything is drawn: the server
 * draws the chart too, and has nothing to measure.
 */

const DAY = 86_400_000;

/** The width a line of text takes at `fontPx`, erring wide (digits and capitals included). */
export const textWidth = (text: string, fontPx: number): number => text.length * fontPx * 0.62;

/**
 * The ticks to label, in order: the first and the last, and between them as many as leave `gap`
 * pixels from one label's centre to the next. `at` gives a tick's position in pixels.
 */
export function spreadTicks<T extends string | number>(
	ticks: readonly T[],
	at: (tick: T) => number,
	gap: number
): T[] {
	if (ticks.length <= 1) return [...ticks];
	const last = ticks.at(-1)!;
	const kept = [ticks[0]!];
	for (const tick of ticks.slice(1, -1))
		if (at(tick) - at(kept.at(-1)!) >= gap && at(last) - at(tick) >= gap) kept.push(tick);
	if (at(last) - at(kept.at(-1)!) >= gap) kept.push(last);
	else if (kept.length > 1) kept[kept.length - 1] = last;
	return kept;
}

/**
 * One tick per day for values at wall-clock moments (in order): at the day's first value, so
 * that a tick is never outside the values' span, as midnight before an evening value would be.
 */
export function dayTicks(moments: readonly number[]): number[] {
	const ticks: number[] = [];
	for (const at of moments)
		if (!ticks.length || Math.floor(at / DAY) !== Math.floor(ticks.at(-1)! / DAY)) ticks.push(at);
	return ticks;
}

/**
 * Where a label sits against its tick: centred, unless that would take it past the drawing's
 * edge, where it leans inwards (its start or end at the tick).
 */
export function anchorFor(
	x: number,
	labelWidth: number,
	width: number
): 'start' | 'middle' | 'end' {
	if (x - labelWidth / 2 < 0) return 'start';
	if (x + labelWidth / 2 > width) return 'end';
	return 'middle';
}

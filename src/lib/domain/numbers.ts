/**
 * A whole number with its thousands marked, as English writes it: 1,000 and 12,500. Written
 * out here rather than through the browser's number formatting, whose first use costs a page
 * a noticeable pause on a phone while it loads its locale data.
 */
export function thousands(n: number): string {
	if (!Number.isSafeInteger(n)) return String(n);
	const digits = String(Math.abs(n));
	const grouped = digits.replace(/\B(?=(\d{3})+$)/g, ',');
	return n < 0 ? `-${grouped}` : grouped;
}

/** What a field or a line over its length is told. */
export const tooLong = (max: number): string =>
	`Please keep this to ${thousands(max)} characters or fewer.`;

/**
 * Moving through a chart's values from the keyboard: the arrow keys step one value, Home and End
 * go to the first and the last. Answers the new index, or null for a key that is not ours.
 */
export function step(key: string, index: number, count: number): number | null {
	if (count === 0) return null;
	switch (key) {
		case 'ArrowRight':
		case 'ArrowDown':
			return Math.min(index + 1, count - 1);
		case 'ArrowLeft':
		case 'ArrowUp':
			return Math.max(index - 1, 0);
		case 'Home':
			return 0;
		case 'End':
			return count - 1;
		default:
			return null;
	}
}

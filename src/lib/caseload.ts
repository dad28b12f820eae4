/** What a counselor's caseload flags, in words (shared by the server and the page). */
export type Flag = 'missed_twice' | 'sharp_drop' | 'time_out';

export const flagLabels: Record<Flag, string> = {
	missed_twice: 'A check-in missed twice',
	sharp_drop: 'A sharp drop in a rating',
	time_out: 'A time-out in the last conversation'
};

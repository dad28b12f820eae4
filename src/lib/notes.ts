import { feelingGroups } from './domain/notes';
import { audienceLabels, audiences } from './domain/sharing';
import { keepingLabels, keepingOutcomes } from './domain/agreements';
import { writtenDay } from './time';

export const audienceOptions = audiences.map((value) => ({ value, label: audienceLabels[value] }));
export const keepingOptions = keepingOutcomes.map((value) => ({
	value,
	label: keepingLabels[value]
}));

export const feelingLabel = (feeling: string) => feeling.charAt(0).toUpperCase() + feeling.slice(1);
export { feelingGroups };

/** A calendar day (YYYY-MM-DD) as people read it; the same in every time zone. */
export function day(iso: string): string {
	const [year, month, date] = iso.split('-').map(Number) as [number, number, number];
	return writtenDay({ year, month, day: date, hour: 12, minute: 0 });
}

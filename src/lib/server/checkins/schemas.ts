import { z } from 'zod';
import { cadences, isDate, isTime } from '../../domain/schedule';
import { clientId, optional } from '../forms-schemas';

/** Assigning or changing a schedule: a template, a cadence, a first day and a time of day. */
const when = {
	cadence: z.enum(cadences, { error: 'Please choose how often.' }),
	startDate: z.string().refine(isDate, 'Please give a date like 2027-03-31.'),
	time: z.string().refine(isTime, 'Please give a time like 18:30.'),
	weekday: optional(z.coerce.number().int().min(0).max(6, 'Please choose a weekday.')).transform((w) => w ?? null)
};

export const assignInput = z.object({ clientId, templateId: z.string().min(1).max(64, 'Please choose a template.'), ...when });
export const rescheduleInput = z.object({ scheduleId: z.string().min(1).max(64), ...when });
export const pauseInput = z.object({ scheduleId: z.string().min(1).max(64), paused: z.enum(['yes', 'no']) });

/** Answers as posted: one field per question id, checked against the template by the service. */
export const answersInput = z.record(z.string().max(64), z.union([z.string().max(2_100), z.array(z.string())])).transform((fields) => {
	const flat: Record<string, string> = {};
	for (const [key, value] of Object.entries(fields)) flat[key] = Array.isArray(value) ? (value[0] ?? '') : value;
	return flat;
});

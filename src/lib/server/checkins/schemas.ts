import { z } from 'zod';
import { cadences, isDate, isTime } from '../../domain/schedule';
import { clientId, optional } from '../forms-schemas';
import { LIMITS, type Question } from '../../domain/checkins';

/** Assigning or changing a schedule: a template, a cadence, a first day and a time of day. */
const when = {
	cadence: z.enum(cadences, { error: 'Please choose how often.' }),
	startDate: z
		.string()
		.refine(isDate, 'Please give a date like 2027-03-31.')
		.refine(
			(d) => Math.abs(Date.parse(`${d}T12:00:00Z`) - Date.now()) <= 2 * 366 * 86_400_000,
			'Please choose a day within two years of today.'
		),
	time: z.string().refine(isTime, 'Please give a time like 18:30.'),
	weekday: optional(z.coerce.number().int().min(0).max(6, 'Please choose a weekday.')).transform(
		(w) => w ?? null
	)
};

export const assignInput = z.object({
	clientId,
	templateId: z.string().min(1).max(64, 'Please choose a template.'),
	...when
});
export const rescheduleInput = z.object({ scheduleId: z.string().min(1).max(64), ...when });
export const pauseInput = z.object({
	scheduleId: z.string().min(1).max(64),
	paused: z.enum(['yes', 'no'])
});

/** Answers as posted: one field per question id, checked against the template by the service. */
export const answersInput = z
	.record(
		z.string().max(64),
		z.union([z.string().max(2_100), z.array(z.string().max(2_100)).max(20)])
	)
	.transform((fields) => {
		const flat: Record<string, string> = {};
		for (const [key, value] of Object.entries(fields))
			flat[key] = Array.isArray(value) ? (value[0] ?? '') : value;
		return flat;
	});

/** How many questions a template form offers at once; empty ones are left out. */
export const TEMPLATE_SLOTS = 6;

/**
 * A counselor's template as posted: a title and up to six questions, each with a type, its
 * words, who sees the answers, and labels for the ends of a scale or the options of a choice.
 */
export const templateInput = z
	.record(
		z.string().max(40),
		z.union([z.string().max(3_000), z.array(z.string().max(3_000)).max(20)])
	)
	.transform((raw, ctx) => {
		const get = (k: string) => {
			const v = raw[k];
			return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).replace(/\r\n?/g, '\n').trim();
		};
		const title = get('title');
		if (!title)
			ctx.addIssue({
				code: 'custom',
				path: ['title'],
				message: 'Please give the template a title.'
			});
		if (title.length > LIMITS.title)
			ctx.addIssue({
				code: 'custom',
				path: ['title'],
				message: `Please keep the title to ${LIMITS.title} characters or fewer.`
			});
		const questions: Question[] = [];
		for (let i = 1; i <= TEMPLATE_SLOTS; i++) {
			const text = get(`q${i}-text`);
			if (!text) continue;
			const path = [`q${i}-text`];
			if (text.length > LIMITS.question)
				ctx.addIssue({
					code: 'custom',
					path,
					message: `Please keep a question to ${LIMITS.question} characters or fewer.`
				});
			const type = get(`q${i}-type`);
			const visibility = get(`q${i}-visibility`) === 'revealed' ? 'revealed' : 'counselor';
			const id = `q${i}`;
			if (type === 'scale') {
				const low = get(`q${i}-low`) || '0';
				const high = get(`q${i}-high`) || '10';
				if (low.length > LIMITS.label || high.length > LIMITS.label)
					ctx.addIssue({
						code: 'custom',
						path: [`q${i}-low`],
						message: `Please keep the labels to ${LIMITS.label} characters or fewer.`
					});
				questions.push({ id, type, text, low, high, visibility });
			} else if (type === 'choice') {
				const options = [
					...new Set(
						get(`q${i}-options`)
							.split('\n')
							.map((o) => o.trim())
							.filter(Boolean)
					)
				];
				if (options.length < 2 || options.length > LIMITS.options)
					ctx.addIssue({
						code: 'custom',
						path: [`q${i}-options`],
						message: `Please give between 2 and ${LIMITS.options} answers, one per line.`
					});
				else if (options.some((o) => o.length > LIMITS.label))
					ctx.addIssue({
						code: 'custom',
						path: [`q${i}-options`],
						message: `Please keep each answer to ${LIMITS.label} characters or fewer.`
					});
				questions.push({ id, type, text, options, visibility });
			} else if (type === 'text') {
				questions.push({ id, type, text, visibility });
			} else {
				ctx.addIssue({
					code: 'custom',
					path: [`q${i}-type`],
					message: 'Please choose a kind of question.'
				});
			}
		}
		if (questions.length === 0)
			ctx.addIssue({
				code: 'custom',
				path: ['q1-text'],
				message: 'Please write at least one question.'
			});
		const clientId = get('clientId');
		if (!/^[a-z0-9-]{8,64}$/.test(clientId))
			ctx.addIssue({
				code: 'custom',
				path: ['title'],
				message: 'Please reload the page and try again.'
			});
		return { clientId, title, questions };
	});

/** Naming one of one's templates, for duplicating, archiving and restoring it. */
export const templateRef = z.object({ templateId: z.string().min(1).max(64) });
export const duplicateInput = templateRef.extend({ clientId });
export const archiveInput = templateRef.extend({ archived: z.enum(['yes', 'no']) });

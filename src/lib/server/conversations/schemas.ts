import { z } from 'zod';
import { formats, LIMITS } from '../../domain/conversation';
import { clientId, optional, text } from '../forms-schemas';
import { tooLong } from '../../domain/numbers';
import { commandFrom } from '../../domain/conversation-input';

/** How far ahead a conversation can be planned. */
const PLAN_AHEAD_MS = 366 * 24 * 3_600_000;

export const PLANNED_IN_THE_PAST =
	'That time has already passed. Please choose a later time, or start now.';

const turnChoices = ['none', '2', '3', '5'] as const;

/**
 * Starting or scheduling a conversation. A topic from the list or one's own; agenda items one
 * per line; a time in the person's own zone (the page converts it; without JavaScript the
 * time is read as UTC and said so).
 */
export const startInput = z
	.object({
		clientId,
		topic: optional(text(LIMITS.topic)),
		ownTopic: optional(
			text(LIMITS.topic, `Please keep the topic to ${LIMITS.topic} characters or fewer.`)
		),
		agenda: optional(text(LIMITS.agendaItem * LIMITS.agendaItems)),
		format: z.enum(formats, { error: 'Please choose a format.' }),
		turn: optional(z.enum(turnChoices, { error: 'Please choose a turn length from the list.' })),
		when: z.enum(['now', 'later'], { error: 'Please choose now or later.' }),
		startsAt: optional(z.string().max(40)),
		startsAtUtc: optional(z.string().max(40))
	})
	.transform((f, ctx) => {
		const topic = f.ownTopic || f.topic || '';
		if (!topic)
			ctx.addIssue({
				code: 'custom',
				path: ['ownTopic'],
				message: 'Please choose a topic or write your own.'
			});
		const agenda = (f.agenda ?? '')
			.split('\n')
			.map((l) => l.trim())
			.filter(Boolean);
		if (agenda.length > LIMITS.agendaItems)
			ctx.addIssue({
				code: 'custom',
				path: ['agenda'],
				message: `Please keep the agenda to ${LIMITS.agendaItems} items.`
			});
		if (agenda.some((l) => l.length > LIMITS.agendaItem))
			ctx.addIssue({
				code: 'custom',
				path: ['agenda'],
				message: `Please keep each agenda item to ${LIMITS.agendaItem} characters.`
			});
		let scheduledFor: number | null = null;
		if (f.when === 'later') {
			const raw = f.startsAtUtc || (f.startsAt ? `${f.startsAt}Z` : '');
			const at = raw ? Date.parse(raw) : NaN;
			if (Number.isNaN(at))
				ctx.addIssue({
					code: 'custom',
					path: ['startsAt'],
					message: 'Please choose a date and time.'
				});
			else if (at <= Date.now())
				ctx.addIssue({ code: 'custom', path: ['startsAt'], message: PLANNED_IN_THE_PAST });
			else if (at > Date.now() + PLAN_AHEAD_MS)
				ctx.addIssue({
					code: 'custom',
					path: ['startsAt'],
					message: 'Please choose a time within the next year.'
				});
			else scheduledFor = at;
		}
		return {
			clientId: f.clientId,
			topic,
			agenda,
			format: f.format,
			turnSeconds: !f.turn || f.turn === 'none' ? null : Number(f.turn) * 60,
			scheduledFor
		};
	});

/** Far beyond any field's limit: a form's fields are read whole up to here, then refused. */
const FORM_FIELD_MAX = LIMITS.text * 20;

/** A command posted by a form (no JavaScript): the same fields the socket carries. */
export const formCommand = z
	.object({ clientId, type: z.string().max(20) })
	.catchall(z.string().max(FORM_FIELD_MAX, tooLong(LIMITS.text)))
	.transform((f, ctx) => {
		const parsed = commandFrom(f);
		if (!parsed.success) {
			for (const issue of parsed.error.issues)
				ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
			return z.NEVER;
		}
		// "confirmed" is the form's answer to "Are you sure?", not part of the command.
		return { clientId: f.clientId, confirmed: f.confirmed === 'yes', command: parsed.data };
	});

export const proposeInput = z.object({ item: z.coerce.number().int().min(1) });

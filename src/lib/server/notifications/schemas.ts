import { z } from 'zod';
import { clockMinutes, notificationGroups } from '../../domain/notifications';

const groups = z
	.union([z.string(), z.array(z.string()).max(notificationGroups.length * 2)])
	.optional()
	.transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
	.pipe(z.array(z.enum(notificationGroups, { error: 'Please choose from the list.' })));

const clock = z
	.string()
	.max(5)
	.optional()
	.default('')
	.refine((t) => t === '' || clockMinutes(t) !== null, 'Please give a time like 22:00.')
	.transform((t) => (t === '' ? null : clockMinutes(t)));

const tick = z
	.string()
	.max(3)
	.optional()
	.transform((v) => v === 'on');

/** The Notifications section of the account page. */
export const notificationSettingsInput = z
	.object({
		// Every box may be left empty, so the form says plainly that it is this form.
		form: z.literal('notifications', { error: 'Please send the Notifications form.' }),
		email: groups,
		quietFrom: clock,
		quietUntil: clock,
		digest: tick,
		showKind: tick
	})
	.refine((s) => (s.quietFrom === null) === (s.quietUntil === null), {
		path: ['quietUntil'],
		message: 'Please give both times for quiet hours, or neither.'
	});
export type NotificationSettingsInput = z.output<typeof notificationSettingsInput>;

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
		/** This device's choices; only read when this device asked to be notified. */
		device: groups,
		deviceChoices: tick,
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

const key = (max: number) =>
	z
		.string()
		.min(16)
		.max(max)
		.regex(/^[A-Za-z0-9_-]+=*$/, 'This device sent a key Trellis cannot read.');

/**
 * A browser's push subscription, as "Notify this device" sends it. Push services are public
 * https sites; an address on this machine or a private network is never one.
 */
export const pushSubscriptionInput = z.object({
	endpoint: z
		.string()
		.max(2000)
		.refine((url) => {
			try {
				const { protocol, hostname } = new URL(url);
				return (
					protocol === 'https:' &&
					hostname.includes('.') &&
					!/^[\d.]+$|^\[|localhost$|\.local$|\.internal$/i.test(hostname)
				);
			} catch {
				return false;
			}
		}, 'This browser gave an address Trellis cannot send notifications to.'),
	p256dh: key(200),
	auth: key(64)
});
export type PushSubscriptionInput = z.output<typeof pushSubscriptionInput>;

/** "Stop notifying this device": it has no fields of its own, so it names itself. */
export const stopDeviceInput = z.object({
	form: z.literal('device', { error: 'Please send the form for this device.' })
});

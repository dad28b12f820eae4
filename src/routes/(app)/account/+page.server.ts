import * as accounts from '$lib/server/accounts';
import { db } from '$lib/server/db';
import { act, failure, parseForm } from '$lib/server/forms';
import { clientOf } from '$lib/server/http';
import * as notifications from '$lib/server/notifications';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const user = locals.user!;
	const device = notifications.deviceOf(db(), locals.session!.id);
	const zone = accounts.timeZoneOf(db(), user.id);
	return {
		email: user.email,
		displayName: user.displayName,
		kind: user.kind,
		timeZone: zone,
		notifications: notifications.settingsOf(db(), user.id),
		// Whether this device (this log-in) is notified, and of what.
		device: device ? { groups: device.groups } : null,
		pushKey: notifications.vapidKeys().publicKey,
		// One's own zone is always offered, even where it is an older alias of a listed one.
		zones: [...new Set(['UTC', zone, ...Intl.supportedValuesOf('timeZone')])].sort()
	};
};

export const actions: Actions = {
	setTimeZone: (event) =>
		act(event, accounts.timeZoneInput, (userId, { timeZone }) => {
			accounts.setTimeZone(db(), userId, timeZone);
			return { timeZoneSaved: true };
		}),
	setLockAfter: (event) =>
		act(event, accounts.lockAfterInput, (_userId, { lockAfter }) => {
			accounts.setLockAfter(db(), event.locals.session!.id, lockAfter);
			return { lockAfterSaved: true };
		}),
	setNotifications: (event) =>
		act(event, notifications.notificationSettingsInput, (userId, input) => {
			const current = notifications.settingsOf(db(), userId);
			db().transaction((tx) => {
				notifications.saveSettings(tx, userId, {
					...current,
					emailGroups: input.email,
					quietFrom: input.quietFrom,
					quietUntil: input.quietUntil,
					digest: input.digest,
					showKind: input.showKind
				});
				if (input.deviceChoices)
					notifications.setDeviceGroups(tx, event.locals.session!.id, input.device);
			});
			return { notificationsSaved: true };
		}),
	notifyDevice: (event) =>
		act(event, notifications.pushSubscriptionInput, (userId, input) => {
			notifications.notifyDevice(db(), userId, event.locals.session!.id, input);
			return { deviceNotified: true };
		}),
	stopNotifyingDevice: (event) =>
		act(event, notifications.stopDeviceInput, () => {
			notifications.stopNotifyingDevice(db(), event.locals.session!.id);
			return { deviceStopped: true };
		}),
	changeEmail: (event) =>
		act(event, accounts.changeEmailInput, async (userId, input) => {
			await accounts.requestEmailChange(db(), userId, input);
			return { emailLinkSentTo: input.newEmail };
		}),
	changePassword: async (event) => {
		const { user, session } = event.locals;
		if (!user || !session) return failure(new Error('no session'));
		const parsed = await parseForm(event.request, accounts.changePasswordInput);
		if (!parsed.ok) return parsed.failure;
		try {
			const ended = await accounts.changePassword(
				db(),
				user.id,
				session.id,
				parsed.data,
				clientOf(event)
			);
			return { changed: true, endedSessions: ended };
		} catch (error) {
			return failure(error, parsed.form);
		}
	}
};

import * as accounts from '$lib/server/accounts';
import { db } from '$lib/server/db';
import { act, failure, parseForm } from '$lib/server/forms';
import { clientOf } from '$lib/server/http';
import * as notifications from '$lib/server/notifications';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const user = locals.user!;
	const zone = accounts.timeZoneOf(db(), user.id);
	return {
		email: user.email,
		displayName: user.displayName,
		kind: user.kind,
		timeZone: zone,
		notifications: notifications.settingsOf(db(), user.id),
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
	setNotifications: (event) =>
		act(event, notifications.notificationSettingsInput, (userId, input) => {
			const current = notifications.settingsOf(db(), userId);
			notifications.saveSettings(db(), userId, {
				...current,
				emailGroups: input.email,
				quietFrom: input.quietFrom,
				quietUntil: input.quietUntil,
				digest: input.digest,
				showKind: input.showKind
			});
			return { notificationsSaved: true };
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

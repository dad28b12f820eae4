import {
	fail,
	isActionFailure,
	redirect,
	type ActionFailure,
	type RequestEvent
} from '@sveltejs/kit';
import type { z } from 'zod';
import * as accounts from '$lib/server/accounts';
import { db, transaction } from '$lib/server/db';
import { act, failure, parseForm, type FormProblem } from '$lib/server/forms';
import { clientOf } from '$lib/server/http';
import * as notifications from '$lib/server/notifications';
import { canonicalZone, zoneOptions } from '$lib/domain/time-zones';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const user = locals.user!;
	const device = await notifications.deviceOf(db(), locals.session!.id);
	// Kept under the name it was given; shown under its current one (Asia/Calcutta as Asia/Kolkata).
	const stored = await accounts.timeZoneOf(db(), user.id);
	const zone = canonicalZone(stored) ?? stored;
	return {
		email: user.email,
		displayName: user.displayName,
		kind: user.kind,
		timeZone: zone,
		notifications: await notifications.settingsOf(db(), user.id),
		twoStep: await accounts.twoStepState(db(), user),
		// Whether this device (this log-in) is notified, and of what.
		device: device ? { groups: device.groups } : null,
		pushKey: notifications.vapidKeys().publicKey,
		// One's own zone is always offered, even where this server's list lacks it.
		zones: zoneOptions(Date.now(), [zone])
	};
};

/** Whether a form action answered with a refusal (which `act` makes with a FormProblem). */
const refused = (result: unknown): result is ActionFailure<FormProblem> => isActionFailure(result);

/**
 * A two-step form: its refusal is marked with the form it came from, so the page shows it there
 * and not at another form's fields.
 */
async function twoStepAct<S extends z.ZodType, R>(
	event: RequestEvent,
	schema: S,
	which: 'start' | 'confirm' | 'off' | 'renew',
	run: (userId: string, input: z.output<S>) => R | Promise<R>
) {
	const result = await act(event, schema, run);
	if (!refused(result)) return result;
	return fail(result.status, { ...result.data, twoStepForm: which });
}

export const actions: Actions = {
	startTwoStep: (event) =>
		twoStepAct(event, accounts.startTwoStepInput, 'start', async (userId, { password }) => {
			await accounts.startTwoStep(db(), userId, password);
			return { twoStepStarted: true };
		}),
	// Back to the page as it now is: the key that was shown is gone.
	cancelTwoStep: (event) =>
		act(event, accounts.cancelTwoStepInput, async (userId) => {
			await accounts.cancelTwoStepSetup(db(), userId);
			redirect(303, '/account#two-step');
		}),
	confirmTwoStep: (event) =>
		twoStepAct(event, accounts.confirmTwoStepInput, 'confirm', async (userId, { otp }) => ({
			recoveryCodes: await accounts.confirmTwoStep(db(), userId, otp),
			twoStepTurnedOn: true
		})),
	turnOffTwoStep: (event) =>
		twoStepAct(event, accounts.turnOffTwoStepInput, 'off', async (userId, input) => {
			await accounts.turnOffTwoStep(db(), userId, input);
			return { twoStepOff: true };
		}),
	renewRecoveryCodes: (event) =>
		twoStepAct(event, accounts.renewRecoveryCodesInput, 'renew', async (userId, input) => ({
			recoveryCodes: await accounts.renewRecoveryCodes(db(), userId, input.otpOrRecovery)
		})),
	setTimeZone: (event) =>
		act(event, accounts.timeZoneInput, async (userId, { timeZone }) => {
			await accounts.setTimeZone(db(), userId, timeZone);
			return { timeZoneSaved: true };
		}),
	setLockAfter: (event) =>
		act(event, accounts.lockAfterInput, async (_userId, { lockAfter }) => {
			await accounts.setLockAfter(db(), event.locals.session!.id, lockAfter);
			return { lockAfterSaved: true };
		}),
	setNotifications: (event) =>
		act(event, notifications.notificationSettingsInput, async (userId, input) => {
			const current = await notifications.settingsOf(db(), userId);
			await transaction(db(), async (tx) => {
				await notifications.saveSettings(tx, userId, {
					...current,
					emailGroups: input.email,
					quietFrom: input.quietFrom,
					quietUntil: input.quietUntil,
					digest: input.digest,
					showKind: input.showKind
				});
				if (input.deviceChoices)
					await notifications.setDeviceGroups(tx, event.locals.session!.id, input.device);
			});
			return { notificationsSaved: true };
		}),
	notifyDevice: (event) =>
		act(event, notifications.pushSubscriptionInput, async (userId, input) => {
			await notifications.notifyDevice(db(), userId, event.locals.session!.id, input);
			return { deviceNotified: true };
		}),
	stopNotifyingDevice: (event) =>
		act(event, notifications.stopDeviceInput, async () => {
			await notifications.stopNotifyingDevice(db(), event.locals.session!.id);
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

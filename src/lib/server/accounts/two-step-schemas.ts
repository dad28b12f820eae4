import { z } from 'zod';
import { PASSWORD_MAX } from '../auth/password';
import { normaliseRecoveryCode } from '../auth/recovery-codes';

const OTP_HINT = 'Please enter the 6-digit code from your authenticator app.';
const RECOVERY_HINT = 'Please enter one of your recovery codes, like abcde-fghij.';
const EITHER_HINT =
	'Please enter the 6-digit code from your authenticator app, or one of your recovery codes.';

/** A typed code without the spaces some apps show in the middle. */
const digitsOf = (typed: string) => typed.replace(/\s/g, '');

/** Six digits from an authenticator app. */
const otp = z
	.string({ error: OTP_HINT })
	.max(20, OTP_HINT)
	.transform(digitsOf)
	.pipe(z.string().regex(/^\d{6}$/, OTP_HINT));

const recoveryCode = z
	.string({ error: RECOVERY_HINT })
	.max(40, RECOVERY_HINT)
	.transform((typed, ctx) => {
		const code = normaliseRecoveryCode(typed);
		if (!code) ctx.addIssue({ code: 'custom', message: RECOVERY_HINT });
		return code ?? '';
	});

/** Either kind of code in one field: six digits are the app's, anything else a recovery code. */
const otpOrRecovery = z
	.string({ error: EITHER_HINT })
	.max(40, EITHER_HINT)
	.transform((typed, ctx): SecondFactor => {
		const digits = digitsOf(typed);
		if (/^\d{6}$/.test(digits)) return { otp: digits };
		const code = normaliseRecoveryCode(typed);
		if (!code) ctx.addIssue({ code: 'custom', message: EITHER_HINT });
		return { recoveryCode: code ?? '' };
	});

const password = z
	.string({ error: 'Please enter your password.' })
	.min(1, 'Please enter your password.')
	.max(PASSWORD_MAX, 'Please enter your password.');

/** What proves the second step: a code from the app, or a recovery code. */
export type SecondFactor = { otp: string } | { recoveryCode: string };

/** The log-in step after the password, with the app's code or (`?recovery`) a recovery code. */
export const otpStepInput = z.object({ otp });
export const recoveryStepInput = z.object({ recoveryCode });

/** Turning it on asks for the password, so a device left signed in cannot lock its owner out. */
export const startTwoStepInput = z.object({ password });
export const cancelTwoStepInput = z.object({});
export const confirmTwoStepInput = z.object({ otp });
export const turnOffTwoStepInput = z.object({ password, otpOrRecovery });
export const renewRecoveryCodesInput = z.object({ otpOrRecovery });

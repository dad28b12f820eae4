import { z } from 'zod';
import { accountKinds } from '../db/schema';
import { PASSWORD_MAX } from '../auth/password';
import { canonicalZone } from '../../domain/time-zones';
import { shownName } from '../forms-schemas';

/** Trimmed, NFKC-normalised and lower-cased, so "Ana@Example.com " and "ana@example.com" are one account. */
export function normaliseEmail(value: unknown): unknown {
	return typeof value === 'string' ? value.trim().normalize('NFKC').toLowerCase() : value;
}

const email = z.preprocess(
	normaliseEmail,
	z
		.string({ error: 'Please enter your email address.' })
		.min(1, 'Please enter your email address.')
		.max(254, 'That email address is too long.')
		.pipe(z.email({ error: 'Please enter an email address like name@example.com.' }))
);

const displayName = shownName(
	60,
	'Please enter a display name.',
	'Please keep your display name to 60 characters or fewer.'
);

const password = z
	.string({ error: 'Please enter a password.' })
	.min(1, 'Please enter a password.')
	.max(PASSWORD_MAX, `Please use at most ${PASSWORD_MAX} characters.`);

/**
 * The browser's own zone, sent quietly with the form, kept under its current name (a device may
 * still say Asia/Calcutta for Asia/Kolkata); anything unknown is ignored.
 */
const timeZone = z
	.unknown()
	.transform((tz) => (typeof tz === 'string' ? canonicalZone(tz) : null))
	.optional();

export const signUpInput = z.object({
	timeZone,
	email,
	displayName,
	password,
	kind: z.enum(accountKinds, { error: 'Please choose Partner or Counselor.' })
});

export const logInInput = z.object({ email, password, timeZone });

/** Choosing one's zone on the account page: it must be a real one, kept under its current name. */
export const timeZoneInput = z.object({
	timeZone: z.string({ error: 'Please choose a time zone from the list.' }).transform((tz, ctx) => {
		const current = canonicalZone(tz);
		if (current === null)
			ctx.addIssue({ code: 'custom', message: 'Please choose a time zone from the list.' });
		return current ?? z.NEVER;
	})
});

export const changePasswordInput = z.object({
	currentPassword: password,
	newPassword: password
});

export const endSessionInput = z.object({
	sessionId: z.string().min(1).max(64)
});

/** Asking for a link to set a new password. */
export const forgotInput = z.object({ email });

/** Choosing a new password from a reset link: typed twice, the same both times. */
const samePasswords = {
	path: ['confirmPassword'],
	message: 'The two passwords are not the same. Please type the new one again.'
};
const newPasswords = {
	newPassword: password,
	confirmPassword: z.string().max(PASSWORD_MAX).optional().default('')
};

export const resetInput = z
	.object(newPasswords)
	.refine((f) => f.newPassword === f.confirmPassword, samePasswords);

/**
 * A reset link for an account whose email was never confirmed starts a clean account: whoever
 * made the old one may not have been the address's owner, so the name and type are asked anew.
 */
export const freshStartInput = z
	.object({
		...newPasswords,
		timeZone,
		displayName,
		kind: z.enum(accountKinds, { error: 'Please choose Partner or Counselor.' })
	})
	.refine((f) => f.newPassword === f.confirmPassword, samePasswords);
export type FreshStart = z.output<typeof freshStartInput>;

/** A new email for one's account, with one's password. */
export const changeEmailInput = z.object({
	newEmail: email,
	currentPassword: z
		.string({ error: 'Please enter your password.' })
		.min(1, 'Please enter your password.')
		.max(PASSWORD_MAX, 'Please enter your password.')
});

export type SignUpInput = z.output<typeof signUpInput>;
export type LogInInput = z.output<typeof logInInput>;

/** Confirming something that cannot be undone. */
export const confirmPasswordInput = z.object({
	password: z
		.string({ error: 'Please enter your password.' })
		.min(1, 'Please enter your password.')
		.max(PASSWORD_MAX, 'Please enter your password.')
});

/** Leaving a space, and whether to delete what one wrote there (which needs one's password). */
export const leaveInput = z
	.object({
		erase: z.enum(['yes']).optional().catch(undefined),
		password: z.string().max(PASSWORD_MAX).optional()
	})
	.refine((f) => f.erase !== 'yes' || (f.password ?? '') !== '', {
		path: ['password'],
		message: 'Please enter your password to delete what you wrote here.'
	});

/**
 * Asking how strong a password being typed is. The words it is checked against (the email and
 * name typed beside it) are only compared, so they are taken as they are, within bounds.
 */
export const strengthInput = z.object({
	password: z.string().max(4 * PASSWORD_MAX),
	email: z.string().max(254).optional(),
	displayName: z.string().max(200).optional()
});

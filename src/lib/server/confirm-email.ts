import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import * as accounts from './accounts';
import { AppError } from './errors';
import { db } from './db';

/** The form action behind "Send the link again", wherever a page asks to confirm the email. */
export async function sendVerificationAgain({ locals, url }: RequestEvent) {
	if (!locals.user) redirect(303, `/login?redirectTo=${encodeURIComponent(url.pathname)}`);
	try {
		await accounts.resendVerification(db(), locals.user.id);
	} catch (error) {
		if (error instanceof AppError && error.code === 'rate_limited')
			return fail(429, { verificationProblem: error.message });
		throw error;
	}
	return { verification: 'sent' as const };
}

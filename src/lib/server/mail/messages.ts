import { isNotificationKind, NEUTRAL, notificationKinds } from '../../domain/notifications';

/**
 * The words of every message Trellis sends by email, in plain text and in simple HTML. A message
 * is made when it is sent, from its kind and its parameters; links are made by `link`.
 */
export const mailKinds = [
	'verify_email',
	'signup_existing',
	'reset_password',
	'password_changed',
	'confirm_new_email',
	'email_changed',
	'notification'
] as const;
export type MailKind = (typeof mailKinds)[number];

export interface Composed {
	subject: string;
	text: string;
	html: string;
	headers?: Record<string, string>;
}

/** A paragraph of words, or a link with its words. */
type Part = string | { link: string; label: string };

interface Letter {
	subject: string;
	parts: Part[];
	/** A link that turns this kind of message off, for the mail program and at the foot. */
	unsubscribe?: string;
}

/** Makes the letter for `kind`; `link(path)` gives the full address of a page of ours. */
export function compose(
	kind: MailKind,
	params: Record<string, string>,
	link: (path: string) => string
): Composed {
	return render(letters[kind](params, link));
}

const SIGN_OFF = 'Trellis';

const letters: Record<
	MailKind,
	(params: Record<string, string>, link: (path: string) => string) => Letter
> = {
	verify_email: (p, link) => ({
		subject: 'Finish creating your Trellis account',
		parts: [
			'Someone, probably you, started a Trellis account with this email address. To finish, open this link within 24 hours:',
			{ link: link(`/verify/${p.token}`), label: 'Confirm my email' },
			'If this was not you, you need not do anything: the account is removed after a week.'
		]
	}),
	signup_existing: (_p, link) => ({
		subject: 'Someone tried to create a Trellis account with your email',
		parts: [
			'Someone tried to create a new Trellis account with this email address, which already has one. Nothing has changed in your account.',
			'If it was you, you can log in, or set a new password if you have forgotten it:',
			{ link: link('/login'), label: 'Log in' },
			{ link: link('/forgot'), label: 'Set a new password' },
			'If it was not you, you need not do anything.'
		]
	}),
	reset_password: (p, link) => ({
		subject: 'Set a new Trellis password',
		parts: [
			'Someone asked to set a new password for the Trellis account with this email address. To choose one, open this link within an hour. It works once.',
			{ link: link(`/reset/${p.token}`), label: 'Set a new password' },
			'If you did not ask for this, you need not do anything: your password stays as it is.'
		]
	}),
	password_changed: (_p, link) => ({
		subject: 'Your Trellis password was changed',
		parts: [
			'The password of your Trellis account was just changed, and every device was logged out.',
			'If this was not you, set a new password now: it logs out whoever changed it.',
			{ link: link('/forgot'), label: 'This wasn’t me' }
		]
	}),
	confirm_new_email: (p, link) => ({
		subject: 'Confirm your new Trellis email',
		parts: [
			'Someone asked for this address to become the email of a Trellis account. To make it so, open this link within 24 hours. Until then, nothing changes.',
			{ link: link(`/email/${p.token}`), label: 'Use this address' },
			'If you did not ask for this, you need not do anything.'
		]
	}),
	email_changed: (p, link) => ({
		subject: 'Your Trellis email was changed',
		parts: [
			'The email of your Trellis account was just changed to another address, and mail for the account now goes there.',
			'If this was not you, open this link within a week. It puts this address back and logs out every device; then set a new password.',
			{ link: link(`/email/undo/${p.token}`), label: 'This wasn’t me' }
		]
	}),
	notification: (p, link) => {
		// Only the kinds of thing that happened, and only if the person asked for them.
		const says = (p.kinds ? p.kinds.split(',') : [])
			.filter(isNotificationKind)
			.map((k) => notificationKinds[k].says);
		return {
			subject: says.length === 1 ? says[0]! : NEUTRAL,
			parts: [
				says.length ? `${says.join('. ')}.` : `${NEUTRAL}.`,
				{ link: link(p.path ?? '/home'), label: 'Open Trellis' },
				'You need to log in to see it. To change what Trellis tells you and when, see Notifications on your account page.'
			],
			unsubscribe: link(`/unsubscribe/${p.unsubscribe}`)
		};
	}
};

function render(letter: Letter): Composed {
	const parts: Part[] = letter.unsubscribe
		? [...letter.parts, { link: letter.unsubscribe, label: 'Stop these emails' }]
		: letter.parts;
	const text = [
		...parts.map((part) => (typeof part === 'string' ? part : `${part.label}: ${part.link}`)),
		`— ${SIGN_OFF}`
	].join('\n\n');
	const body = parts
		.map((part) =>
			typeof part === 'string'
				? `<p>${escape(part)}</p>`
				: `<p><a href="${escape(part.link)}">${escape(part.label)}</a></p>`
		)
		.join('\n');
	const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escape(letter.subject)}</title></head>
<body style="font-family: system-ui, sans-serif; font-size: 16px; line-height: 1.5; color: #222; max-width: 36em; margin: 0 auto; padding: 1em;">
${body}
<p>— ${SIGN_OFF}</p>
</body>
</html>
`;
	const headers = letter.unsubscribe
		? {
				'List-Unsubscribe': `<${letter.unsubscribe}>`,
				'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click'
			}
		: undefined;
	return { subject: letter.subject, text: text + '\n', html, ...(headers && { headers }) };
}

const ENTITIES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;'
};

function escape(value: string): string {
	return value.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

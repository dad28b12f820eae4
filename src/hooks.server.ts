import {
	error,
	redirect,
	type Handle,
	type HandleServerError,
	type ServerInit
} from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { db, ready } from '$lib/server/db';
import { sessions, sessionCookieName } from '$lib/server/auth';
import { exposeAttach } from '$lib/server/realtime/attach';
import * as mail from '$lib/server/mail';
import { startNotifier } from '$lib/server/notifications';
import { remind } from '$lib/server/reminders';
import { endQuiet } from '$lib/server/conversations';
import { clearSessionCookie, setSessionCookie } from '$lib/server/http';
import { log } from '$lib/server/log';
import { isForgedFormPost } from '$lib/server/csrf';
import { changingThings, readingAPage } from '$lib/server/reading';
import { defaultMessage } from '$lib/errors';
import { LOCK_COOKIE, unlockPath } from '$lib/lock';
import { endSessions } from '$lib/server/realtime/io';

export const init: ServerInit = async () => {
	await ready(); // the database is open and migrated before the first request
	exposeAttach();
	// Mail waiting from before a restart goes out now; new mail as soon as it is committed.
	mail.startSender(db, mail.transportFromEnv(), mail.settingsFromEnv());
	// Every tick: reminders whose moment has come, and conversations left quiet for too long.
	startNotifier(db, async (database, now) => {
		await remind(database, now);
		await endQuiet(database, now);
	});
};

/**
 * Completes SvelteKit's origin check for the `Origin: null` that no-referrer pages send. And
 * `?/default` names no action of ours: the framework reserves the name and would fail on it.
 */
const formPosts: Handle = async ({ event, resolve }) => {
	if (isForgedFormPost(event.request, event.url.origin)) {
		log.warn('forged_form_post', { route: event.route.id });
		return new Response('Cross-site form submissions are forbidden', { status: 403 });
	}
	if (event.request.method === 'POST' && event.url.searchParams.has('/default'))
		error(404, 'We could not find that.');
	return resolve(event);
};

/**
 * Validates the session cookie on every request (layout loads do not re-run on navigation). A
 * locked device is nobody until it is unlocked: only the unlock page knows whose it is.
 */
const authenticate: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(sessionCookieName(event.url.protocol === 'https:'));
	event.locals.user = null;
	event.locals.session = null;
	event.locals.locked = null;
	// Quick exit (or the page, left idle) asked this browser to lock: its next request is locked.
	const lockAsked = event.cookies.get(LOCK_COOKIE) !== undefined;
	if (lockAsked) event.cookies.delete(LOCK_COOKIE, { path: '/' });
	if (token) {
		const found = await sessions.validate(db(), token);
		if (!found) {
			clearSessionCookie(event);
		} else if (found.session.locked || lockAsked) {
			// Whoever locks it (this request, or the look that found it idle) closes its connections.
			if (found.session.lockedNow || (await sessions.lock(db(), found.session.id)))
				endSessions([found.session.id], 'locked');
			event.locals.locked = { sessionId: found.session.id, userId: found.user.id };
		} else {
			event.locals.user = found.user;
			event.locals.session = found.session;
			if (found.session.refreshed) setSessionCookie(event, token, found.session.expiresAt);
		}
	}
	return resolve(event);
};

/** Pages and actions of the (app) group need a person; the (auth) group is for visitors. */
const guard: Handle = async ({ event, resolve }) => {
	const id = event.route.id ?? '';
	if (event.locals.locked && (id.startsWith('/(app)') || id.startsWith('/(auth)') || id === '/')) {
		redirect(303, unlockPath(event.url.pathname + event.url.search));
	}
	if (id.startsWith('/(app)') && !event.locals.user) {
		const back = event.url.pathname + event.url.search;
		redirect(303, `/login?redirectTo=${encodeURIComponent(back)}`);
	}
	if (id.startsWith('/(auth)') && event.locals.user) {
		redirect(303, '/home');
	}
	// Reading a page asks the policy about one space several times: the facts are looked up once.
	// Anything that changes things (form actions, every other method) looks them up each time.
	const reading = event.request.method === 'GET' || event.request.method === 'HEAD';
	return reading ? readingAPage(() => resolve(event)) : changingThings(() => resolve(event));
};

/**
 * The code a page needs is named in the page's head, which the browser reads in the same first
 * moments as the headers, rather than in a Link header as well: each copy is a couple of thousand
 * bytes, and a page that fits in the first round of a connection (about 14 kB) opens a round trip
 * sooner on a slow phone network. Named in the head, it is also found by the loader that imports
 * each part of the page as it comes alive, which otherwise adds a link of its own for every file
 * already on its way, at the phone's busiest moment. (The page's stylesheets are in its head
 * already.)
 */
const codeNamedInThePage: Handle = ({ event, resolve }) => {
	const modules: string[] = [];
	return resolve(event, {
		preload: ({ type, path }) => {
			if (type === 'js') modules.push(path);
			return false;
		},
		transformPageChunk: ({ html }) =>
			modules.length
				? html.replace(
						'</head>',
						`${modules.map((m) => `<link rel="modulepreload" href="${encodeURI(m)}">`).join('')}</head>`
					)
				: html
	});
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const headers = response.headers;
	headers.set('X-Content-Type-Options', 'nosniff');
	headers.set('Referrer-Policy', 'no-referrer');
	headers.set('X-Frame-Options', 'DENY');
	headers.set('Cross-Origin-Opener-Policy', 'same-origin');
	headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
	// Served over https: browsers are to use nothing else here for a year.
	if (event.url.protocol === 'https:') headers.set('Strict-Transport-Security', 'max-age=31536000');
	// Pages carry personal content: never kept by browsers or proxies.
	if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store');
	return response;
};

export const handle = sequence(formPosts, authenticate, guard, codeNamedInThePage, securityHeaders);

export const handleError: HandleServerError = ({ error, status, event }) => {
	if (status === 404) return { message: 'We could not find that page.' };
	// Refused by the framework before reaching our code (a malformed address, a form sent as
	// something other than a form): the request's fault, not a failure of ours.
	if (status < 500) {
		log.warn('request_refused', { status, route: event.route.id });
		return { message: defaultMessage.invalid };
	}
	const errorId = crypto.randomUUID();
	log.error('request_failed', {
		errorId,
		status,
		route: event.route.id,
		error:
			error instanceof Error
				? `${error.name}: ${(error.stack ?? '').split('\n').slice(1, 4).join(' | ')}`
				: typeof error
	});
	return { message: defaultMessage.internal, errorId };
};

import { error, type RequestEvent } from '@sveltejs/kit';
import { AppError } from './errors';
import { httpStatus } from '../errors';
import { describeDevice, devices, pendingLogins, sessionCookieName } from './auth';
import { addressKeyOf, UNKNOWN_ADDRESS } from './auth/address';
import { log } from './log';

let warned = false;
function warnOnce() {
	if (warned) return;
	warned = true;
	log.warn('client_address_unknown', { hint: 'ADDRESS_HEADER is set but a request lacked it' });
}

/**
 * Who is asking, for limits and logs. The address is adapter-node's `getClientAddress()`: the
 * connection's peer, or, behind a proxy, the header named by `ADDRESS_HEADER` (and
 * `XFF_DEPTH`), so that people behind one proxy are told apart. It is then keyed as limits need
 * it (an IPv6 /64, see auth/address.ts). When it cannot be read (the header is set but missing:
 * a request that did not come through the proxy) it is unknown, and no address-wide limit is
 * counted for it: lumping such requests together would make one limit for all of them.
 */
export function clientOf(event: RequestEvent) {
	let address = UNKNOWN_ADDRESS;
	try {
		address = addressKeyOf(event.getClientAddress());
	} catch {
		warnOnce();
	}
	return {
		address,
		device: describeDevice(event.request.headers.get('user-agent')),
		knownDevice: event.cookies.get(devices.DEVICE_COOKIE)
	};
}

/** Marks this browser as one the person logs in from. Only the log-in page ever receives it. */
export function setDeviceCookie(event: RequestEvent, token: string): void {
	event.cookies.set(devices.DEVICE_COOKIE, token, {
		path: '/login',
		httpOnly: true,
		sameSite: 'lax',
		secure: event.url.protocol === 'https:',
		maxAge: devices.DEVICE_LIFETIME_MS / 1000
	});
}

export function setSessionCookie(event: RequestEvent, token: string, expiresAt: Date): void {
	event.cookies.set(sessionCookieName(event.url.protocol === 'https:'), token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: event.url.protocol === 'https:',
		expires: expiresAt
	});
}

/** The log-in waiting for its code; only the log-in pages receive it. */
export function setPendingLogInCookie(event: RequestEvent, token: string, expiresAt: Date): void {
	event.cookies.set(pendingLogins.PENDING_COOKIE, token, {
		path: pendingLogins.PENDING_PATH,
		httpOnly: true,
		sameSite: 'lax',
		secure: event.url.protocol === 'https:',
		expires: expiresAt
	});
}

export function pendingLogInToken(event: RequestEvent): string | undefined {
	return event.cookies.get(pendingLogins.PENDING_COOKIE);
}

export function clearPendingLogInCookie(event: RequestEvent): void {
	event.cookies.delete(pendingLogins.PENDING_COOKIE, {
		path: pendingLogins.PENDING_PATH,
		secure: event.url.protocol === 'https:'
	});
}

export function clearSessionCookie(event: RequestEvent): void {
	const secure = event.url.protocol === 'https:';
	event.cookies.delete(sessionCookieName(secure), { path: '/', secure });
}

/**
 * Only same-site paths are followed after log-in, never another host. Our own addresses are
 * plain printable ASCII (anything else arrives percent-encoded), and only those can be sent
 * back in a Location header.
 */
/** Where someone who signed up on their way somewhere (an invite) goes once their email is confirmed. */
export const AFTER_CONFIRMING = 'trellis_after_confirming';

export function rememberAfterConfirming(event: RequestEvent, target: string): void {
	event.cookies.set(AFTER_CONFIRMING, target, {
		path: '/verify',
		httpOnly: true,
		sameSite: 'lax',
		secure: event.url.protocol === 'https:',
		maxAge: 24 * 3600
	});
}

export function safeRedirectTarget(value: string | null | undefined, fallback = '/home'): string {
	if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\'))
		return fallback;
	if (!/^[\x21-\x7e]+$/.test(value)) return fallback;
	return value;
}

/** Runs a service call for a page load; a refusal becomes the matching error page. */
export async function orErrorPage<T>(fn: () => T | Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (e) {
		if (e instanceof AppError) error(httpStatus[e.code], e.message);
		throw e;
	}
}

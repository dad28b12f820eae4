import { error, type RequestEvent } from '@sveltejs/kit';
import { AppError } from './errors';
import { httpStatus } from '../errors';
import { describeDevice, devices, sessionCookieName } from './auth';

export function clientOf(event: RequestEvent) {
	let address = 'unknown';
	try {
		address = event.getClientAddress();
	} catch {
		// Not available in every environment; throttling then falls back to the account key.
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
export function orErrorPage<T>(fn: () => T): T {
	try {
		return fn();
	} catch (e) {
		if (e instanceof AppError) error(httpStatus[e.code], e.message);
		throw e;
	}
}

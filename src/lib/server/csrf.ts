/**
 * Form posts from any origin but ours are refused here (SvelteKit's own check is off, see
 * svelte.config.js). The literal "null" origin is what browsers send for our own forms because
 * every page is served with `Referrer-Policy: no-referrer`; it is also what an opaque
 * or sandboxed attacker page sends. Sec-Fetch-Site, set by the browser and not by
 * scripts, tells the two apart.
 */
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/** One-click unsubscribe (RFC 8058): posted by mail programs, authorised by its signed token alone. */
const ONE_CLICK = /^\/unsubscribe\/[^/]+$/;

export function isForgedFormPost(request: Request, appOrigin: string): boolean {
	if (!UNSAFE_METHODS.has(request.method)) return false;
	if (ONE_CLICK.test(new URL(request.url).pathname)) return false;
	const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
	if (!FORM_TYPES.includes(type)) return false;
	return !isSameOrigin(request, appOrigin);
}

/** Whether a browser sent this from one of our own pages (see above for the `null` origin). */
export function isSameOrigin(request: Request, appOrigin: string): boolean {
	const origin = request.headers.get('origin');
	if (origin === appOrigin) return true;
	return origin === 'null' && request.headers.get('sec-fetch-site') === 'same-origin';
}

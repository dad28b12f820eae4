/** A tiny browser stand-in: keeps cookies, posts forms like a page without JavaScript. */
export class Visitor {
	readonly cookies = new Map<string, string>();
	/** Where requests go: the origin itself, or one app process behind it (`through`). */
	#base: string;
	constructor(
		readonly origin: string,
		readonly userAgent = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36'
	) {
		this.#base = origin;
	}

	/**
	 * The same browser (cookies and all), asking one app process behind the proxy directly while
	 * still naming the public origin, as a request the proxy passed on would.
	 */
	through(base: string): Visitor {
		const copy = new Visitor(this.origin, this.userAgent);
		copy.#base = base;
		for (const [k, v] of this.cookies) copy.cookies.set(k, v);
		return copy;
	}

	get cookieHeader(): string {
		return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	}

	get sessionToken(): string | undefined {
		return this.cookies.get('trellis_session');
	}

	private remember(response: Response) {
		for (const line of response.headers.getSetCookie()) {
			const [pair] = line.split(';');
			const eq = pair!.indexOf('=');
			const name = pair!.slice(0, eq).trim();
			const value = pair!.slice(eq + 1).trim();
			const expired = /max-age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line);
			if (!value || expired) this.cookies.delete(name);
			else this.cookies.set(name, value);
		}
	}

	async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
		const response = await fetch(this.#base + path, {
			redirect: 'manual',
			headers: {
				cookie: this.cookieHeader,
				'user-agent': this.userAgent,
				accept: 'text/html',
				...headers
			}
		});
		this.remember(response);
		return response;
	}

	async post(
		path: string,
		fields: Record<string, string> | [string, string][],
		headers: Record<string, string> = {}
	): Promise<Response> {
		const response = await fetch(this.#base + path, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				cookie: this.cookieHeader,
				'user-agent': this.userAgent,
				origin: this.origin,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded',
				...headers
			},
			body: new URLSearchParams(fields).toString()
		});
		this.remember(response);
		return response;
	}

	signUp(
		fields: {
			email: string;
			displayName: string;
			password: string;
			kind?: string;
			timeZone?: string;
		},
		query = ''
	) {
		return this.post(`/signup${query}`, { kind: 'partner', ...fields });
	}

	logIn(email: string, password: string, query = '', extra: Record<string, string> = {}) {
		return this.post(`/login${query}`, { email, password, ...extra });
	}
}

/**
 * Setting a scene must fail loudly, in any test runner: a response other than the one expected
 * throws, with what the server said.
 */
export async function expectStatus(response: Response, status: number): Promise<Response> {
	if (response.status !== status) {
		const body = (await response.clone().text()).slice(0, 600);
		throw new Error(`${response.url}: expected ${status}, got ${response.status}\n${body}`);
	}
	return response;
}

let counter = 0;
export function uniqueEmail(prefix = 'person'): string {
	counter += 1;
	return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}@example.com`;
}

export const PASSWORD = 'quiet harbour morning 73';

const entities: Record<string, string> = {
	'&amp;': '&',
	'&lt;': '<',
	'&gt;': '>',
	'&quot;': '"',
	'&#39;': "'"
};

/**
 * What a multi-line box named `name` shows in a page as the server sent it (its content), or
 * null when there is no such box. Page data elsewhere in the HTML does not count: a box shows
 * only what is inside it.
 */
export function boxText(html: string, name: string): string | null {
	const box = new RegExp(`<textarea[^>]*\\bname="${name}"[^>]*>([^<]*)</textarea>`).exec(html);
	return box ? box[1]!.replace(/&(amp|lt|gt|quot|#39);/g, (e) => entities[e]!) : null;
}

/** Whether the checkbox or radio button named `name` with `value` is ticked in the page as sent. */
export function isTicked(html: string, name: string, value: string): boolean {
	const input = [...html.matchAll(/<input\b[^>]*>/g)]
		.map((m) => m[0])
		.find((tag) => tag.includes(`name="${name}"`) && tag.includes(`value="${value}"`));
	return !!input && /\schecked(=|\s|\/|>)/.test(input);
}

/**
 * A page (HTML, or a data endpoint's answer) without what every answer carries of its own: its
 * script nonce and the moment its data was read. In a page the moment is `readAt:<ms>`; from a
 * data endpoint it follows the layout's keys.
 */
export const withoutRequestMarks = (body: string): string =>
	body
		.replace(/nonce="[^"]*"/g, '')
		.replace(/nonce-[A-Za-z0-9+/=]+/g, '')
		.replace(/readAt:\d+/g, 'readAt:0')
		.replace(/(\{"readAt":1,[^{}]*\}),\d+/g, '$1,0');

import { NEUTRAL } from './domain/notifications';

/**
 * What the service worker shows for a pushed message: the server's words when they are there and
 * sensible, the neutral words otherwise, and only ever a page of this site to open.
 */
export interface Shown {
	title: string;
	body: string;
	path: string;
}

/** Only a page of this site, given as a path; anything else opens the home page. */
export function safePath(path: unknown): string {
	return typeof path === 'string' && /^\/(?![/\\])[\w\-/.]*$/.test(path) ? path : '/home';
}

export function readPushed(json: () => unknown): Shown {
	try {
		const message = json() as Partial<Shown> | null | undefined;
		return {
			title: typeof message?.title === 'string' ? message.title.slice(0, 80) : 'Trellis',
			body: typeof message?.body === 'string' ? message.body.slice(0, 200) : NEUTRAL,
			path: safePath(message?.path)
		};
	} catch {
		return { title: 'Trellis', body: NEUTRAL, path: '/home' };
	}
}

import type { RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';

/**
 * A new invite's secrets are shown exactly once. Right after a space is created they travel
 * to the space page in a short-lived, httpOnly cookie scoped to that space, read once.
 */
const NAME = 'trellis_new_invite';
const shape = z.object({
	token: z.string().max(64),
	code: z.string().max(16),
	expiresAt: z.number()
});

export function put(
	event: RequestEvent,
	spaceId: string,
	invite: { token: string; code: string; expiresAt: Date }
) {
	event.cookies.set(
		NAME,
		JSON.stringify({
			token: invite.token,
			code: invite.code,
			expiresAt: invite.expiresAt.getTime()
		}),
		{
			path: `/spaces/${spaceId}`,
			httpOnly: true,
			sameSite: 'strict',
			secure: event.url.protocol === 'https:',
			maxAge: 600
		}
	);
}

export function take(event: RequestEvent, spaceId: string) {
	const raw = event.cookies.get(NAME);
	if (!raw) return null;
	event.cookies.delete(NAME, {
		path: `/spaces/${spaceId}`,
		secure: event.url.protocol === 'https:'
	});
	try {
		return shape.parse(JSON.parse(raw));
	} catch {
		return null;
	}
}

export function link(origin: string, token: string): string {
	return `${origin}/join/${token}`;
}

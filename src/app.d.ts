import type { CurrentSession, SessionUser } from '$lib/server/auth';

declare global {
	namespace App {
		interface Error {
			message: string;
			errorId?: string;
		}
		interface Locals {
			user: SessionUser | null;
			session: CurrentSession | null;
			/** Set on a locked device instead of user and session: whose it is, for unlocking. */
			locked: { sessionId: string; userId: string } | null;
		}
	}
}

export {};

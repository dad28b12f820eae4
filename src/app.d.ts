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
		}
	}
}

export {};

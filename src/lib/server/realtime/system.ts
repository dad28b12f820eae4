import { on, type AppSocket } from './register';

/** Events every connection has, whatever page it serves. */
export function register(socket: AppSocket): void {
	on(socket, 'system:ping', ({ sentAt }) => ({ sentAt, serverAt: Date.now() }));
}

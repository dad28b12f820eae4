import { expectStatus } from './http';
import type { Person } from './spaces';
import { BATCH_LONGEST_MS } from '../../src/lib/domain/notifications';

/** Nobody's device is connected. */
export const away = () => false;

/** A moment by which any batch has settled. */
export const settle = () => Date.now() + BATCH_LONGEST_MS + 1_000;

/** Saves the person's Notifications choices as the account page's form sends them. */
export async function wants(p: Person, fields: Record<string, string | string[]>) {
	const pairs: [string, string][] = Object.entries({ form: 'notifications', ...fields }).flatMap(
		([k, v]) => (Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v]])
	);
	await expectStatus(await p.visitor.post('/account?/setNotifications', pairs), 200);
}

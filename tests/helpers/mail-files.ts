import { mkdirSync, readdirSync, readFileSync, watch } from 'node:fs';
import { join } from 'node:path';
import { parseMessage, type Received } from './mailbox';

/**
 * The first message written to `dir` (the outbox folder a server without SMTP writes to) that
 * `match`es; waits for it to be written if it is not there yet. Only files whose raw text
 * contains `hint` (an address, say) are parsed, which keeps a folder of many messages quick.
 */
export async function mailFile(
	dir: string,
	match: (m: Received) => boolean,
	hint = ''
): Promise<Received> {
	mkdirSync(dir, { recursive: true });
	const seen = new Set<string>();
	const look = async () => {
		for (const name of readdirSync(dir)) {
			if (!name.endsWith('.eml') || seen.has(name)) continue;
			seen.add(name);
			const raw = readFileSync(join(dir, name), 'utf8');
			if (!raw.includes(hint)) continue;
			const message = await parseMessage(raw);
			if (match(message)) return message;
		}
		return null;
	};
	return new Promise((ok, fail) => {
		let busy: Promise<unknown> = Promise.resolve();
		const check = (): void => {
			busy = busy
				.then(async () => {
					const found = await look();
					if (found) {
						watcher.close();
						ok(found);
					}
				})
				.catch(fail);
		};
		// Watching first, then looking: a file written in between is not missed.
		const watcher = watch(dir, check);
		check();
	});
}

import { mkdirSync, readdirSync, readFileSync, watch } from 'node:fs';
import { join } from 'node:path';
import { parseMessage, type Received } from './mailbox';

function read(file: string): Promise<Received> {
	return parseMessage(readFileSync(file, 'utf8'));
}

/**
 * The first message written to `dir` (the outbox folder a server without SMTP writes to) that
 * `match`es; waits for it to be written if it is not there yet.
 */
export async function mailFile(dir: string, match: (m: Received) => boolean): Promise<Received> {
	mkdirSync(dir, { recursive: true });
	const seen = new Set<string>();
	const look = async () => {
		for (const name of readdirSync(dir)) {
			if (!name.endsWith('.eml') || seen.has(name)) continue;
			seen.add(name);
			const message = await read(join(dir, name));
			if (match(message)) return message;
		}
		return null;
	};
	return new Promise((ok, fail) => {
		let busy: Promise<unknown> = Promise.resolve();
		const check = () =>
			(busy = busy.then(async () => {
				const found = await look();
				if (found) {
					watcher.close();
					ok(found);
				}
			}, fail));
		// Watching first, then looking: a file written in between is not missed.
		const watcher = watch(dir, check);
		check();
	});
}

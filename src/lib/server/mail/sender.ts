import { holdingRow, type Db } from '../db';
import type { OutboxRow } from '../db/schema';
import { log } from '../log';
import { compose, mailKinds, type MailKind } from './messages';
import * as outbox from './outbox';
import { tokenFor } from './links';
import type { Transport } from './transport';

export interface MailSettings {
	/** Where links lead: the app's public origin. */
	origin: string;
	from: string;
}

export function settingsFromEnv(): MailSettings {
	return {
		origin: (process.env.ORIGIN ?? 'http://localhost:3000').replace(/\/$/, ''),
		from: process.env.MAIL_FROM ?? 'Trellis <trellis@localhost>'
	};
}

/**
 * Sends what is due, one message at a time, and records each as sent once the transport has
 * taken it. A server killed mid-send has not recorded it, so it goes again after the restart,
 * with the same Message-ID and the same links. With several processes on PostgreSQL, each
 * message is held by the process sending it until it is recorded (`holdingRow`): the others
 * skip it, and if that process dies, it is free again at once.
 */
export async function deliverDue(
	db: Db,
	transport: Transport,
	settings: MailSettings,
	now: () => number = Date.now,
	limit = 20
): Promise<{ sent: number; failed: number }> {
	let sent = 0;
	let failed = 0;
	for (const { id } of await outbox.due(db, now(), limit)) {
		const outcome = await holdingRow(
			db,
			(tx) => outbox.claim(tx, id, now()),
			(tx, row) => deliver(tx, row, transport, settings, now)
		);
		if (outcome === 'sent') sent++;
		if (outcome === 'failed') failed++;
	}
	return { sent, failed };
}

async function deliver(
	tx: Db,
	row: OutboxRow,
	transport: Transport,
	settings: MailSettings,
	now: () => number
): Promise<'sent' | 'failed' | 'unknown'> {
	if (!(mailKinds as readonly string[]).includes(row.kind)) {
		await outbox.markFailedTry(tx, { ...row, attempts: outbox.BACKOFF_MS.length }, now());
		log.error('mail_unknown_kind', { id: row.id });
		return 'unknown';
	}
	// A link's secret is never stored: it is made again here from the server's key.
	const params = row.params.tokenId
		? { ...row.params, token: tokenFor(row.params.tokenId) }
		: row.params;
	const letter = compose(row.kind as MailKind, params, (path) => settings.origin + path);
	const host = new URL(settings.origin).hostname;
	try {
		await transport.send({
			messageId: `<${row.id}@${host}>`,
			from: settings.from,
			to: row.toAddress,
			...letter
		});
	} catch (error) {
		const outcome = await outbox.markFailedTry(tx, row, now());
		log.warn('mail_failed', {
			id: row.id,
			kind: row.kind,
			outcome,
			error: error instanceof Error ? error.name : 'unknown'
		});
		return 'failed';
	}
	await outbox.markSent(tx, row.id, now());
	log.info('mail_sent', { id: row.id, kind: row.kind });
	return 'sent';
}

/**
 * Runs in the server process: sends what is due, then sleeps until the next message is due or a
 * new one is put in the outbox, and never longer than `lookAgainMs`: with several processes, one
 * may put a message in and stop before sending it, and only a look finds it. Returns a function
 * that stops it.
 */
export function startSender(
	db: () => Db,
	transport: Transport,
	settings: MailSettings,
	lookAgainMs = outbox.LOOK_AGAIN_MS
) {
	let timer: NodeJS.Timeout | undefined;
	let running = false;
	let again = false;
	let stopped = false;

	const run = async () => {
		if (stopped) return;
		if (running) {
			again = true;
			return;
		}
		running = true;
		try {
			// A wake while this runs (a message put in meanwhile) goes round once more, whether it
			// comes while sending or while looking for when the next one is due: that look may
			// have been made before the new message was there to see.
			do {
				again = false;
				clearTimeout(timer);
				const { sent } = await deliverDue(db(), transport, settings);
				// Twenty sent: more may be waiting. Otherwise, sleep until the next one is due.
				if (sent === 20) again = true;
				else await schedule();
			} while (again && !stopped);
		} catch (error) {
			log.error('mail_sender_failed', { error: error instanceof Error ? error.name : 'unknown' });
			timer = setTimeout(() => void run(), lookAgainMs);
			timer.unref();
		} finally {
			running = false;
		}
	};

	const schedule = async () => {
		const next = await outbox.nextDue(db(), Date.now());
		if (stopped) return;
		const wait = next === null ? lookAgainMs : Math.max(next - Date.now(), 0);
		timer = setTimeout(() => void run(), Math.min(wait, lookAgainMs));
		timer.unref();
	};

	outbox.onEnqueued(() => void run());
	void run();
	return () => {
		stopped = true;
		clearTimeout(timer);
		outbox.onEnqueued(undefined);
		transport.close();
	};
}

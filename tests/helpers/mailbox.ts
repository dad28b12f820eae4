import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';

export interface Received {
	to: string[];
	messageId: string;
	subject: string;
	text: string;
	html: string;
	headers: ParsedMail['headers'];
	raw: string;
}

/** A message as the tests read it; `to` defaults to the addresses in its header. */
export async function parseMessage(raw: string, to?: string[]): Promise<Received> {
	const parsed = await simpleParser(raw);
	return {
		to: to ?? [parsed.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address ?? '')),
		messageId: parsed.messageId ?? '',
		subject: parsed.subject ?? '',
		text: parsed.text ?? '',
		html: typeof parsed.html === 'string' ? parsed.html : '',
		headers: parsed.headers,
		raw
	};
}

type Verdict = 'accept' | 'refuse' | 'hold';

/**
 * A real SMTP server on a loopback port that keeps what it is sent. `decide` says what to do
 * with each message: accept it, refuse it for now (451), or hold the answer until `release()`,
 * as a slow server would (a message held when its sender dies is not delivered).
 */
export async function startMailbox() {
	const received: Received[] = [];
	const waiters: Array<{ match: (m: Received) => boolean; ok: (m: Received) => void }> = [];
	const held: Array<() => void> = [];
	const holdWaiters: Array<{ count: number; ok: () => void }> = [];
	const closed = new Set<string>();
	let decide: (raw: string) => Verdict = () => 'accept';
	let attempts = 0;

	const deliver = (message: Received) => {
		received.push(message);
		for (const waiter of [...waiters])
			if (waiter.match(message)) {
				waiters.splice(waiters.indexOf(waiter), 1);
				waiter.ok(message);
			}
	};

	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onClose(session) {
			closed.add(session.id);
		},
		onData(stream: SMTPServerDataStream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', async () => {
				attempts++;
				const raw = Buffer.concat(chunks).toString('utf8');
				const verdict = decide(raw);
				if (verdict === 'refuse') {
					const refusal = new Error('Try again later') as Error & { responseCode: number };
					refusal.responseCode = 451;
					return callback(refusal);
				}
				const message = await parseMessage(
					raw,
					session.envelope.rcptTo.map((r) => r.address)
				);
				const accept = () => {
					// Delivered only if the sender is still there to be told so.
					if (closed.has(session.id)) return;
					callback();
					deliver(message);
				};
				if (verdict === 'hold') {
					held.push(accept);
					for (const w of [...holdWaiters])
						if (held.length >= w.count) {
							holdWaiters.splice(holdWaiters.indexOf(w), 1);
							w.ok();
						}
				} else accept();
			});
		}
	});
	await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
	const port = (server.server.address() as AddressInfo).port;

	return {
		url: `smtp://127.0.0.1:${port}`,
		received,
		get attempts() {
			return attempts;
		},
		/** How each next message is answered. */
		answer(fn: (raw: string) => Verdict) {
			decide = fn;
		},
		/** Resolves when a message `match`es (one already received counts). */
		next(match: (m: Received) => boolean = () => true): Promise<Received> {
			const found = received.find(match);
			if (found) return Promise.resolve(found);
			return new Promise((ok) => waiters.push({ match, ok }));
		},
		/** Resolves once `count` messages are being held. */
		holding(count = 1): Promise<void> {
			if (held.length >= count) return Promise.resolve();
			return new Promise((ok) => holdWaiters.push({ count, ok }));
		},
		release() {
			for (const accept of held.splice(0)) accept();
		},
		close: () => new Promise<void>((ok) => server.close(() => ok()))
	};
}

export type Mailbox = Awaited<ReturnType<typeof startMailbox>>;

/** The first link in a message's text that goes to `path` on our origin. */
export function linkIn(message: Received, path: string): string {
	const found = message.text.match(new RegExp(`https?://\\S+${path}\\S*`));
	if (!found) throw new Error(`no ${path} link in "${message.subject}"`);
	return found[0];
}

import { eq } from 'drizzle-orm';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { mailOutbox } from '../../src/lib/server/db/schema';
import { deliverDue, enqueue, files, smtp, type MailSettings } from '../../src/lib/server/mail';
import { BACKOFF_MS } from '../../src/lib/server/mail/outbox';
import { tempDatabase } from '../helpers/db';
import { startMailbox, type Mailbox } from '../helpers/mailbox';

const settings: MailSettings = { origin: 'http://127.0.0.1:5999', from: 'Trellis <t@example.com>' };
const T0 = Date.UTC(2026, 5, 1, 9);
let mailbox: Mailbox;
let conn: Awaited<ReturnType<typeof tempDatabase>>;

beforeAll(async () => {
	mailbox = await startMailbox();
});
afterAll(() => mailbox.close());
beforeEach(async () => {
	conn = await tempDatabase();
	mailbox.answer(() => 'accept');
});
afterEach(() => conn.cleanup());

const rowOf = async (id: string) =>
	(await conn.db.select().from(mailOutbox).where(eq(mailOutbox.id, id)).limit(1))[0]!;

describe('the outbox and its sender', () => {
	it('delivers a message over SMTP with a plain-text and an HTML part, once', async () => {
		const id = await enqueue(
			conn.db,
			{ to: 'ada@example.com', userId: null, kind: 'signup_existing' },
			T0
		);
		const transport = smtp(mailbox.url);
		expect(await deliverDue(conn.db, transport, settings, () => T0)).toEqual({
			sent: 1,
			failed: 0
		});
		const message = await mailbox.next((m) => m.messageId === `<${id}@127.0.0.1>`);
		expect(message.to).toEqual(['ada@example.com']);
		expect(message.subject).toBe('Someone tried to create a Trellis account with your email');
		expect(message.text).toContain('http://127.0.0.1:5999/forgot');
		expect(message.html).toContain('href="http://127.0.0.1:5999/forgot"');
		expect((await rowOf(id)).sentAt?.getTime()).toBe(T0);

		// Sent is sent: nothing goes twice.
		expect(await deliverDue(conn.db, transport, settings, () => T0 + 1)).toEqual({
			sent: 0,
			failed: 0
		});
		expect(mailbox.received.filter((m) => m.messageId === message.messageId)).toHaveLength(1);
		transport.close();
	});

	it('waits longer after each refusal, then delivers; gives up only after every retry', async () => {
		const id = await enqueue(
			conn.db,
			{ to: 'bo@example.com', userId: null, kind: 'password_changed' },
			T0
		);
		const transport = smtp(mailbox.url);
		mailbox.answer(() => 'refuse');
		let now = T0;
		for (const wait of BACKOFF_MS.slice(0, 3)) {
			expect(await deliverDue(conn.db, transport, settings, () => now)).toEqual({
				sent: 0,
				failed: 1
			});
			expect((await rowOf(id)).dueAt.getTime()).toBe(now + wait);
			// Not due yet: nothing is tried.
			expect((await deliverDue(conn.db, transport, settings, () => now + wait - 1)).failed).toBe(0);
			now += wait;
		}
		mailbox.answer(() => 'accept');
		expect((await deliverDue(conn.db, transport, settings, () => now)).sent).toBe(1);
		expect((await rowOf(id)).attempts).toBe(3);

		const doomed = await enqueue(
			conn.db,
			{ to: 'cy@example.com', userId: null, kind: 'password_changed' },
			now
		);
		mailbox.answer(() => 'refuse');
		for (const wait of [...BACKOFF_MS, 0]) {
			await deliverDue(conn.db, transport, settings, () => now);
			now += wait;
		}
		expect((await rowOf(doomed)).failedAt).not.toBeNull();
		expect((await rowOf(doomed)).attempts).toBe(BACKOFF_MS.length + 1);
		transport.close();
	});

	it('without a mail server, writes each message as an .eml file with both parts', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'trellis-outbox-'));
		try {
			const id = await enqueue(
				conn.db,
				{ to: 'di@example.com', userId: null, kind: 'signup_existing' },
				T0
			);
			expect((await deliverDue(conn.db, files(dir), settings, () => T0)).sent).toBe(1);
			expect(readdirSync(dir)).toEqual([`${id}.eml`]);
			const parsed = await simpleParser(readFileSync(join(dir, `${id}.eml`)));
			expect(parsed.to && 'text' in parsed.to ? parsed.to.text : '').toBe('di@example.com');
			expect(parsed.text).toContain('/login');
			expect(parsed.html).toContain('/login');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

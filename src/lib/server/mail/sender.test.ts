import { AsyncResource } from 'node:async_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDatabase, type TempDatabase } from '../../../../tests/helpers/db';
import { holdingRow } from '../db';
import { mailOutbox } from '../db/schema';
import { claim, enqueue, LOOK_AGAIN_MS, nextDue } from './outbox';
import { startSender, type MailSettings } from './sender';
import type { Transport } from './transport';

const settings: MailSettings = { origin: 'http://127.0.0.1:5999', from: 'Trellis <t@example.com>' };

let conn: TempDatabase;
beforeEach(async () => {
	conn = await tempDatabase();
});
afterEach(async () => {
	await conn.cleanup();
});

/** `promise`, or a clear failure once `ms` have passed without it. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<never>((_, fail) => {
		timer = setTimeout(() => fail(new Error(`${what} did not arrive within ${ms} ms`)), ms);
	});
	try {
		return await Promise.race([promise, late]);
	} finally {
		clearTimeout(timer);
	}
}

/** Waits `ms` milliseconds and then `turns` turns of the event loop: moments of every kind. */
async function after(ms: number, turns: number): Promise<void> {
	await new Promise((go) => setTimeout(go, ms));
	for (let i = 0; i < turns; i++) await new Promise((go) => setImmediate(go));
}

/**
 * The message `id` held as another process sending it would hold it (on PostgreSQL), until the
 * function this gives is called.
 */
async function holdElsewhere(id: string, now: number): Promise<() => Promise<void>> {
	let done!: () => void;
	let holding!: () => void;
	const finished = new Promise<void>((resolve) => (done = resolve));
	const held = new Promise<void>((resolve) => (holding = resolve));
	const elsewhere = holdingRow(
		conn.db,
		(tx) => claim(tx, id, now),
		async () => {
			holding();
			await finished;
		}
	);
	await held;
	return async () => {
		done();
		await elsewhere;
	};
}

describe('The running mail sender', () => {
	it('sends a message put in the outbox while it was busy, whatever it was busy with', async () => {
		const sent = new Set<string>();
		const awaited = new Map<string, () => void>();
		const put = (to: string) => enqueue(conn.db, { to, userId: null, kind: 'signup_existing' });
		// Put in once the message before it has gone, at moments spread over what the sender does
		// next: records that one, decides whether to go on, looks for when the next one is due.
		// Woken during that last look, a sender that did not go round again slept with the new
		// message unsent (on PostgreSQL, where the look is a round trip: most runs of this test
		// caught it, in some of their 400 rounds).
		let putNext: (() => Promise<unknown>) | null = null;
		let round = 0;
		// As a request would, from outside the sender's own work (and its transaction).
		const asARequest = AsyncResource.bind((put: () => Promise<unknown>) => put());
		const transport: Transport = {
			async send(message) {
				sent.add(message.to);
				awaited.get(message.to)?.();
				const put = putNext;
				putNext = null;
				if (put) void after(round % 3, round % 11).then(() => asARequest(put));
			},
			close() {}
		};
		const delivered = (to: string) =>
			sent.has(to) ? Promise.resolve() : new Promise<void>((ok) => awaited.set(to, ok));

		const stop = startSender(() => conn.db, transport, settings);
		try {
			for (round = 0; round < 400; round++) {
				const second = `second-${round}@example.com`;
				putNext = () => put(second);
				await put(`first-${round}@example.com`);
				await within(delivered(second), 5_000, `The message put in during round ${round}`);
			}
			expect(sent.size).toBe(800);
		} finally {
			stop();
		}
	});

	it('finds, within a while, a message another process put in and never sent', async () => {
		const sent: string[] = [];
		let arrived!: () => void;
		const delivered = new Promise<void>((ok) => (arrived = ok));
		const transport: Transport = {
			async send(message) {
				sent.push(message.to);
				arrived();
			},
			close() {}
		};
		const stop = startSender(() => conn.db, transport, settings, 100);
		try {
			// Nothing waits: the sender rests. Then another process puts one in (this process is not
			// told) and stops before sending it.
			await after(20, 5);
			await conn.db.insert(mailOutbox).values({
				id: 'from-elsewhere',
				toAddress: 'elsewhere@example.com',
				kind: 'signup_existing',
				params: {},
				createdAt: new Date(),
				dueAt: new Date()
			});
			await within(delivered, 5_000, 'The message put in by the other process');
			expect(sent).toEqual(['elsewhere@example.com']);
		} finally {
			stop();
		}
	});

	it('rests, rather than looking again and again, while the only message due is being sent elsewhere', async () => {
		const sent: string[] = [];
		const transport: Transport = {
			async send(message) {
				sent.push(message.to);
			},
			close() {}
		};
		const id = await enqueue(conn.db, {
			to: 'held@example.com',
			userId: null,
			kind: 'signup_existing'
		});
		// How often the sender turns to the database: once or twice a round.
		let looks = 0;
		const counted = () => (looks++, conn.db);
		// A while in which a sender that kept looking would look hundreds of times.
		const aWhile = () => new Promise((go) => setTimeout(go, 300));
		if (conn.engine === 'postgres') {
			// Another process is sending it, slowly (its server is far away, say).
			const letGo = await holdElsewhere(id, Date.now());
			const stop = startSender(counted, transport, settings);
			await aWhile();
			stop();
			await letGo();
			// It left the message to the one sending it.
			expect(sent).toEqual([]);
		} else {
			// One process: it sends it, then rests.
			const stop = startSender(counted, transport, settings);
			await aWhile();
			stop();
			expect(sent).toEqual(['held@example.com']);
		}
		expect(looks).toBeLessThan(10);
	});

	it('looks again a while later at a message another process holds, even with others due much later', async () => {
		const now = Date.now();
		const id = await enqueue(
			conn.db,
			{ to: 'held@example.com', userId: null, kind: 'signup_existing' },
			now
		);
		await enqueue(
			conn.db,
			{ to: 'later@example.com', userId: null, kind: 'signup_existing' },
			now + 3_600_000
		);
		// Held by another process on PostgreSQL; on SQLite (one process) nothing is held.
		const letGo = await holdElsewhere(id, now);
		try {
			const next = await nextDue(conn.db, now);
			expect(next).not.toBeNull();
			expect(next!).toBeLessThanOrEqual(now + LOOK_AGAIN_MS);
			if (conn.engine === 'postgres') expect(next!).toBeGreaterThan(now);
		} finally {
			await letGo();
		}
	});
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../helpers/app';
import { couple, readDb } from '../helpers/spaces';
import type { Visitor } from '../helpers/http';

const dir = mkdtempSync(join(tmpdir(), 'trellis-crash-'));
const dbPath = join(dir, 'app.db');
let app: RunningApp;

afterAll(async () => {
	await app?.stop();
	rmSync(dir, { recursive: true, force: true });
});

const OPERATIONS = 2_000;

/** Kills the server outright (no shutdown of any kind) and starts it again on the same port and file. */
async function crashAndRestart(): Promise<void> {
	const port = new URL(app.origin).port;
	const exited = new Promise((ok) => app.process.once('exit', ok));
	app.process.kill('SIGKILL');
	await exited;
	app = await startApp({ DATABASE_PATH: dbPath, PORT: port });
}

/** Sends one operation until the server acknowledges it; a dropped connection means "try again". */
async function untilAcknowledged(
	visitor: Visitor,
	path: string,
	fields: Record<string, string>,
	ok: (status: number) => boolean
) {
	for (let attempt = 0; attempt < 400; attempt++) {
		try {
			const res = await visitor.post(path, fields);
			await res.arrayBuffer();
			if (ok(res.status)) return attempt;
			if (res.status < 500) throw new Error(`refused with ${res.status} at ${path}`);
		} catch (error) {
			if (error instanceof Error && error.message.startsWith('refused')) throw error;
		}
		await new Promise((r) => setTimeout(r, 25));
	}
	throw new Error('never acknowledged');
}

describe('crash safety', () => {
	it('keeps every acknowledged operation exactly once through repeated SIGKILLs', async () => {
		app = await startApp({ DATABASE_PATH: dbPath });
		const { a, b, spaceId } = await couple(app.origin, dbPath);
		const started = await a.visitor.post(`/spaces/${spaceId}/conversations/new`, {
			clientId: 'crash-conversation',
			topic: 'Steady',
			format: 'free',
			when: 'now'
		});
		const conversation = started.headers.get('location')!;

		const acknowledged = {
			notes: [] as string[],
			agreements: [] as string[],
			messages: [] as string[]
		};
		let kills = 0;
		let retried = 0;
		// Kill at random moments while the writer keeps going (never waiting for it).
		let nextKill = 100 + Math.floor(Math.random() * 200);
		let killing: Promise<void> | null = null;
		for (let i = 0; i < OPERATIONS; i++) {
			if (i === nextKill && !killing) {
				kills++;
				nextKill = i + 150 + Math.floor(Math.random() * 250);
				killing = crashAndRestart().finally(() => (killing = null));
			}
			const id = `op-${i}-${process.pid}`;
			const kind = i % 3;
			if (kind === 0) {
				retried += await untilAcknowledged(
					a.visitor,
					`/spaces/${spaceId}/journal/new?/save`,
					{ clientId: id, body: `Note ${i}` },
					(s) => s === 303
				);
				acknowledged.notes.push(id);
			} else if (kind === 1) {
				retried += await untilAcknowledged(
					b.visitor,
					`/spaces/${spaceId}/agreements/new`,
					{ clientId: id, title: `Agreement ${i}`, details: 'Kept steady', forWhom: 'both' },
					(s) => s === 303
				);
				acknowledged.agreements.push(id);
			} else {
				retried += await untilAcknowledged(
					a.visitor,
					`${conversation}?/act`,
					{ clientId: id, type: 'message', text: `Message ${i}` },
					(s) => s === 200
				);
				acknowledged.messages.push(id);
			}
		}
		await killing;
		expect(kills).toBeGreaterThanOrEqual(4);
		expect(retried).toBeGreaterThan(0);

		// Counted here rather than in SQL, so that the same reads work on either engine.
		const count = (sql: string, key: (clientId: string) => string = (id) => id) => {
			const counts = new Map<string, number>();
			for (const { id } of readDb<{ id: string }>(dbPath, sql))
				counts.set(key(id), (counts.get(key(id)) ?? 0) + 1);
			return counts;
		};
		const notes = count('select client_id as id from notes');
		// Keys that are unique across a space are kept under the person who sent them.
		const sent = (clientId: string) => clientId.slice(clientId.indexOf('/') + 1);
		const agreements = count('select client_id as id from agreements', sent);
		const messages = count(
			"select client_id as id from conversation_events where kind = 'message'",
			sent
		);
		for (const id of acknowledged.notes) expect(notes.get(id), id).toBe(1);
		for (const id of acknowledged.agreements) expect(agreements.get(id), id).toBe(1);
		for (const id of acknowledged.messages) expect(messages.get(id), id).toBe(1);
		expect(
			acknowledged.notes.length + acknowledged.agreements.length + acknowledged.messages.length
		).toBe(OPERATIONS);
		// Nothing appeared that was never asked for, and the events are still numbered without gaps.
		expect(notes.size).toBe(acknowledged.notes.length);
		const seqs = readDb<{ seq: number }>(
			dbPath,
			'select seq from conversation_events order by seq'
		).map((r) => r.seq);
		expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
		console.log(
			`crash safety: ${OPERATIONS} operations acknowledged through ${kills} SIGKILLs, ${retried} retries`
		);
	}, 300_000);
});

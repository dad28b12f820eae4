import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as conversations from '../../src/lib/server/conversations';
import * as notes from '../../src/lib/server/notes';
import * as sharing from '../../src/lib/server/sharing';
import { deleteAccount, eraseAccount, eraseIn } from '../../src/lib/server/accounts/deletion';
import { hashPassword } from '../../src/lib/server/auth/password';
import { forUpdate, transaction } from '../../src/lib/server/db';
import {
	conversationEvents,
	conversations as conversationRows,
	memberships,
	sharedReads,
	users
} from '../../src/lib/server/db/schema';
import { freshDatabaseEachTest, type TempDatabase } from '../helpers/db';
import { seedSpaces } from '../helpers/seed';
import { gate, someoneWaits } from '../helpers/races';

let conn: TempDatabase;
freshDatabaseEachTest((fresh) => {
	conn = fresh;
});

const T0 = Date.UTC(2026, 5, 1, 18);

/** A conversation Ben began (what Ada began is changed by her erasing too). */
async function talking(): Promise<string> {
	await seedSpaces(conn.db, [{ id: 'ours', partners: ['ada', 'ben'] }], new Date(T0));
	const { id } = await conversations.start(
		conn.db,
		'ben',
		'ours',
		{
			clientId: 'c1',
			topic: 'Our week',
			agenda: [],
			format: 'free',
			turnSeconds: null,
			scheduledFor: null
		},
		T0
	);
	return id;
}

const say = (id: string, text: string, n: number) =>
	conversations.act(conn.db, 'ada', id, `say-${n}`, { type: 'message', text }, { now: T0 + n });

/** The words of Ada's messages that are still there. */
const adaSaid = async () =>
	(
		await conn.db
			.select({ data: conversationEvents.data })
			.from(conversationEvents)
			.where(eq(conversationEvents.actorId, 'ada'))
	)
		.map((e) => (e.data as { text?: string }).text)
		.filter((text) => text !== undefined);

const leaves = () =>
	conn.db
		.update(memberships)
		.set({ status: 'left', endedAt: new Date(T0 + 100) })
		.where(and(eq(memberships.spaceId, 'ours'), eq(memberships.userId, 'ada')));

/** A transaction holding the conversation's row (on PostgreSQL) until `open` is called. */
async function holding(id: string) {
	const held = gate();
	const done = transaction(
		conn.db,
		async (tx) => {
			await forUpdate(
				tx,
				tx
					.select({ id: conversationRows.id })
					.from(conversationRows)
					.where(eq(conversationRows.id, id))
			);
			await held.wait();
		},
		{ locking: true }
	);
	await held.reached;
	return { open: held.open, done };
}

/**
 * `step` done once `erase` has begun and before it ends (on PostgreSQL, where `erase` waits at its
 * pause for it); on SQLite, with its one writer, before it.
 */
async function whileErasing(
	erase: (pause: () => Promise<void>) => Promise<void>,
	step: () => Promise<unknown>
): Promise<void> {
	if (conn.engine === 'postgres') {
		const paused = gate();
		const erasing = erase(paused.wait);
		await paused.reached;
		await step();
		paused.open();
		await erasing;
	} else {
		await step();
		await erase(async () => {});
	}
}

// SQLite has one writer: what races here on PostgreSQL happens there one after the other, and the
// same outcome is asked of it.
describe('leaving a space while a message is on its way', () => {
	it('refuses a message whose sender left while it waited for the conversation', async () => {
		const id = await talking();
		if (conn.engine === 'postgres') {
			const held = await holding(id);
			const sending = say(id, 'Said while leaving', 1);
			// It has read who is in the space, and waits for the conversation's row.
			await someoneWaits(conn.db);
			await leaves();
			held.open();
			await held.done;
			await expect(sending).rejects.toMatchObject({ code: 'forbidden' });
		} else {
			await leaves();
			await expect(say(id, 'Said while leaving', 1)).rejects.toMatchObject({ code: 'forbidden' });
		}
		expect(await adaSaid()).toEqual([]);
	});

	it('blanks a message stored after leaving and erasing began', async () => {
		const id = await talking();
		await say(id, 'Said before', 1);
		const erase = (pause: () => Promise<void>) =>
			transaction(conn.db, async (tx) => {
				// What the transaction sees is fixed from its first statement on.
				await tx
					.select({ id: memberships.id })
					.from(memberships)
					.where(eq(memberships.userId, 'ada'));
				await pause();
				await eraseIn(tx, 'ada', 'ours');
				await tx
					.update(memberships)
					.set({ status: 'left' })
					.where(and(eq(memberships.spaceId, 'ours'), eq(memberships.userId, 'ada')));
			});
		await whileErasing(erase, () => say(id, 'Said while erasing', 2));
		expect(await adaSaid()).toEqual([]);
		await expect(say(id, 'Said after', 3)).rejects.toMatchObject({ code: 'forbidden' });
	});
});

const PASSWORD = 'a long walk by the river at dusk';

/** Whether any event of the conversation still holds these words, whoever it is now from. */
const anywhere = async (text: string) =>
	(await conn.db.select({ data: conversationEvents.data }).from(conversationEvents)).some(
		(e) => (e.data as { text?: string }).text === text
	);

/** Ada's account, with a password she can confirm its deletion with. */
async function deletable(): Promise<string> {
	const id = await talking();
	await conn.db
		.update(users)
		.set({ passwordHash: await hashPassword(PASSWORD) })
		.where(eq(users.id, 'ada'));
	return id;
}

const deletes = () => deleteAccount(conn.db, 'ada', PASSWORD, T0 + 100);

describe('deleting an account while a message is on its way', () => {
	// Whichever gets the conversation first, the message is refused or stored and then blanked:
	// never kept, and never a failure of the database's own.
	it('keeps nothing of a message sent just before the deletion', async () => {
		const id = await deletable();
		if (conn.engine === 'postgres') {
			const held = await holding(id);
			const sending = say(id, 'Said while deleting', 1);
			await someoneWaits(conn.db);
			const deleting = deletes();
			await someoneWaits(conn.db, 2);
			held.open();
			await held.done;
			const sent = await sending.then(
				() => 'stored',
				(error: { code?: string }) => error.code
			);
			await deleting;
			expect(['stored', 'forbidden']).toContain(sent);
		} else {
			await say(id, 'Said while deleting', 1);
			await deletes();
		}
		expect(await anywhere('Said while deleting')).toBe(false);
		expect(await conn.db.select().from(users).where(eq(users.id, 'ada'))).toEqual([]);
	});

	it('refuses a message that waited for the conversation while the account went', async () => {
		const id = await deletable();
		if (conn.engine === 'postgres') {
			const held = await holding(id);
			const deleting = deletes();
			await someoneWaits(conn.db);
			const sending = say(id, 'Said while deleting', 1);
			await someoneWaits(conn.db, 2);
			held.open();
			await held.done;
			await deleting;
			await expect(sending).rejects.toMatchObject({ code: 'forbidden' });
		} else {
			await deletes();
			await expect(say(id, 'Said while deleting', 1)).rejects.toMatchObject({ code: 'not_found' });
		}
		expect(await anywhere('Said while deleting')).toBe(false);
	});

	it('blanks a message stored after the deletion began', async () => {
		const id = await talking();
		await say(id, 'Said before', 1);
		const erase = (pause: () => Promise<void>) =>
			transaction(conn.db, async (tx) => {
				// What the transaction sees is fixed from its first statement on.
				await tx.select({ id: users.id }).from(users).where(eq(users.id, 'ada'));
				await pause();
				await eraseAccount(tx, { id: 'ada', email: 'ada@example.com' }, T0 + 100);
			});
		await whileErasing(erase, () => say(id, 'Said while deleting', 2));
		expect(await anywhere('Said before')).toBe(false);
		expect(await anywhere('Said while deleting')).toBe(false);
	});
});

describe('opening what was shared while its author erases it', () => {
	it('shows it no more, and notes nothing, rather than failing', async () => {
		await seedSpaces(conn.db, [{ id: 'ours', partners: ['ada', 'ben'] }], new Date(T0));
		const note = await notes.create(
			conn.db,
			'ada',
			'ours',
			{ clientId: 'n1', content: { kind: 'journal', body: 'For Ben to read', promptId: null } },
			T0
		);
		await sharing.share(
			conn.db,
			'ada',
			'ours',
			note.id,
			{ clientId: 's1', audience: 'partner' },
			T0
		);
		const erase = (pause: () => Promise<void>) =>
			transaction(conn.db, async (tx) => {
				await eraseIn(tx, 'ada', 'ours');
				await pause();
			});
		let opened: Awaited<ReturnType<typeof sharing.openReceived>>;
		if (conn.engine === 'postgres') {
			const paused = gate();
			const erasing = erase(paused.wait);
			await paused.reached;
			// Ben's page reads the item (its erasing is not committed yet), and waits to note it.
			const opening = sharing.openReceived(conn.db, 'ben', 'ours', T0 + 1);
			await someoneWaits(conn.db);
			paused.open();
			await erasing;
			opened = await opening;
		} else {
			await erase(async () => {});
			opened = await sharing.openReceived(conn.db, 'ben', 'ours', T0 + 1);
		}
		expect(opened).toEqual([]);
		expect(await conn.db.select().from(sharedReads)).toEqual([]);
	});
});

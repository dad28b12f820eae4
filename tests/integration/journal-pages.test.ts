import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as notes from '../../src/lib/server/notes';
import * as sharing from '../../src/lib/server/sharing';
import { AppError } from '../../src/lib/server/errors';
import { tempDatabase } from '../helpers/db';
import { testEngine } from '../helpers/engine';
import { seedSpaces } from '../helpers/seed';
import { readDb, writeDb } from '../helpers/spaces';
import { openReady } from '../../src/lib/server/db/connection';
import { fillDerived } from '../../src/lib/server/db/derived';

let conn: Awaited<ReturnType<typeof tempDatabase>>;

// Two partners in one space.
beforeEach(async () => {
	conn = await tempDatabase();
	await seedSpaces(conn.db, [{ id: 'ours', partners: ['ada', 'ben'] }]);
});
afterEach(() => conn.cleanup());

let written = 0;
const write = async (userId: string, at: number) =>
	(
		await notes.create(
			conn.db,
			userId,
			'ours',
			{
				clientId: `c${written++}`,
				content: { kind: 'journal', body: `Written at ${at}`, promptId: null }
			},
			at
		)
	).id;

/** Notes written one after another, in this order. */
async function writeAll(userId: string, moments: number[]): Promise<string[]> {
	const ids: string[] = [];
	for (const at of moments) ids.push(await write(userId, at));
	return ids;
}

/** What a journal link shows: the ids on the page, and where its Newer and Older links lead. */
async function around(
	userId: string,
	size: number,
	side: { before?: notes.Cursor; after?: notes.Cursor } = {}
) {
	const { shown, newer, older } = await notes.around(conn.db, userId, 'ours', { size, ...side });
	return { shown: shown.map((n) => n.id), newer, older };
}

/** Every page of a person's journal, `size` notes at a time, following each Older link, then each Newer link back. */
async function walk(userId: string, size: number): Promise<{ down: string[][]; up: string[][] }> {
	const down = [await around(userId, size)];
	while (down.at(-1)!.older) down.push(await around(userId, size, { before: down.at(-1)!.older }));
	const up = [down.at(-1)!];
	while (up.at(-1)!.newer) up.push(await around(userId, size, { after: up.at(-1)!.newer }));
	// Every place a link leads to reads back the same through the link's own text.
	for (const { newer, older } of [...down, ...up])
		for (const place of [newer, older])
			if (place) expect(notes.pageCursor.parse(notes.cursorOf(place))).toEqual(place);
	return { down: down.map((p) => p.shown), up: up.map((p) => p.shown).reverse() };
}

describe('the journal, a page at a time', () => {
	it('shows every note once, newest first, down and back up, even when several were written in the same millisecond', async () => {
		const moments = [1_000, 2_000, 2_000, 2_000, 2_000, 2_000, 3_000, 3_000, 4_000];
		const ids = (await writeAll('ada', moments)).map((id, i) => ({ id, at: moments[i]! }));
		await write('ben', 2_000); // the partner's note never shows in Ada's journal
		const newestFirst = ids.sort((x, y) => y.at - x.at || (x.id < y.id ? 1 : -1)).map((n) => n.id);
		for (const size of [1, 2, 3, 4, 9, 10]) {
			const { down, up } = await walk('ada', size);
			expect(down.flat()).toEqual(newestFirst);
			// The same pages going up as coming down, none of them empty, each full but the last.
			expect(up).toEqual(down);
			expect(down.slice(0, -1).every((p) => p.length === size)).toBe(true);
			expect(down.at(-1)!.length).toBeGreaterThan(0);
		}
		expect((await walk('ben', 2)).down).toEqual([[expect.any(String)]]);
	});

	it('leads nowhere when there is nothing further, and back up from a page left empty', async () => {
		const ids = (
			await writeAll(
				'ada',
				Array.from({ length: 6 }, (_, i) => 1_000 + i)
			)
		).reverse(); // newest first
		const place = (id: string) => ({ at: 1_000 + (5 - ids.indexOf(id)), id });
		// Exactly two pages: the second has no Older link.
		const top = await around('ada', 3);
		expect(top).toEqual({ shown: ids.slice(0, 3), newer: undefined, older: place(ids[2]!) });
		const bottom = await around('ada', 3, { before: top.older });
		expect(bottom).toEqual({ shown: ids.slice(3), newer: place(ids[3]!), older: undefined });
		expect(await around('ada', 3, { after: bottom.newer })).toEqual(top);
		// Asked both ways at once, the older side wins.
		expect(await around('ada', 3, { before: top.older, after: top.older })).toEqual(bottom);
		// A page whose notes are gone (a stale link) is empty but still leads back up.
		expect(await around('ada', 3, { before: { at: 1, id: '' } })).toEqual({
			shown: [],
			newer: { at: 1, id: '' },
			older: undefined
		});
		// From before the oldest, going up: the oldest page.
		expect(await around('ada', 3, { after: { at: 1, id: '' } })).toEqual(bottom);
		// Nobody's notes at all: nothing, and no links.
		expect(await around('ben', 3, { before: { at: 1, id: '' } })).toEqual({
			shown: [],
			newer: undefined,
			older: undefined
		});
	});

	it('reads cursors the "Older notes" link makes and nothing else', () => {
		expect(notes.pageCursor.parse('1795324998618-xpcwtdpx2zf775db8qywudrg')).toEqual({
			at: 1795324998618,
			id: 'xpcwtdpx2zf775db8qywudrg'
		});
		// A bare moment (as links made before ties were told apart) starts before that moment.
		expect(notes.pageCursor.parse('1795324998618')).toEqual({ at: 1795324998618, id: '' });
		for (const bad of [
			null,
			'',
			'nonsense',
			'-5',
			'0',
			'1e9',
			'12.5',
			'99999999999999999',
			'123-ABC',
			'123-',
			'123-a-b',
			`1-${'a'.repeat(65)}`
		])
			expect(notes.pageCursor.safeParse(bad).success, String(bad)).toBe(false);
	});

	it('starts a page after a cursor of a note that is gone, and refuses someone outside the space', async () => {
		const kept = await writeAll('ada', [1_000, 3_000]);
		expect(
			(
				await notes.page(conn.db, 'ada', 'ours', {
					limit: 5,
					before: { at: 2_000, id: 'deleted-note' }
				})
			).map((n) => n.id)
		).toEqual([kept[0]]);
		expect(
			(
				await notes.page(conn.db, 'ada', 'ours', {
					limit: 5,
					after: { at: 2_000, id: 'deleted-note' }
				})
			).map((n) => n.id)
		).toEqual([kept[1]]);
		await expect(notes.page(conn.db, 'sam', 'ours', { limit: 5 })).rejects.toThrow(AppError);
		await expect(
			notes.page(conn.db, null as unknown as string, 'ours', { limit: 5 })
		).rejects.toThrow(AppError);
	});

	it('lists each note by the line kept with it, never opening the note itself', async () => {
		const guided = (
			await notes.create(
				conn.db,
				'ada',
				'ours',
				{
					clientId: 'g1',
					content: { kind: 'journal', body: 'About  my\nfamily', promptId: 's1-family-trust' }
				},
				1_000
			)
		).id;
		const feeling = (
			await notes.create(
				conn.db,
				'ada',
				'ours',
				{
					clientId: 'e1',
					content: { kind: 'emotion', feelings: ['hurt', 'numb'], intensity: 7, note: '' }
				},
				2_000
			)
		).id;
		const listed = async () =>
			(await notes.page(conn.db, 'ada', 'ours', { limit: 5 })).map(({ id, excerpt, promptId }) => ({
				id,
				excerpt,
				promptId
			}));
		expect(await listed()).toEqual([
			{ id: feeling, excerpt: 'hurt, numb · 7/10', promptId: null },
			{ id: guided, excerpt: 'About my family', promptId: 's1-family-trust' }
		]);
		// An edit changes the line; the prompt stays the one answered.
		await notes.update(
			conn.db,
			'ada',
			'ours',
			guided,
			{ kind: 'journal', body: 'Rewritten', promptId: 's1-family-trust' },
			undefined,
			3_000
		);
		expect((await listed())[1]).toEqual({
			id: guided,
			excerpt: 'Rewritten',
			promptId: 's1-family-trust'
		});
		// The page reads what was kept: content it could not even read changes nothing.
		writeDb(conn.path, `update notes set content = '"not a note"'`);
		expect((await listed())[1]).toEqual({
			id: guided,
			excerpt: 'Rewritten',
			promptId: 's1-family-trust'
		});
	});

	it('fills in the lines of notes saved before they were kept, when the database is opened', async () => {
		const ids = [await write('ada', 1_000), await write('ben', 2_000)];
		const guided = (
			await notes.create(
				conn.db,
				'ada',
				'ours',
				{
					clientId: 'g2',
					content: { kind: 'journal', body: 'Guided', promptId: 's1-earlier-breaks' }
				},
				3_000
			)
		).id;
		writeDb(conn.path, 'update notes set excerpt = null, prompt_id = null');
		// Opening the file again (as the server does on start) writes them from each note's content.
		const again = await openReady(conn.path);
		await again.close();
		const kept = readDb(
			conn.path,
			'select id, excerpt, prompt_id as "promptId" from notes order by created_at'
		);
		expect(kept).toEqual([
			{ id: ids[0], excerpt: 'Written at 1000', promptId: null },
			{ id: ids[1], excerpt: 'Written at 2000', promptId: null },
			{ id: guided, excerpt: 'Guided', promptId: 's1-earlier-breaks' }
		]);
		// Nothing is left to fill in, so nothing is written again.
		expect(await fillDerived(conn.db)).toBe(0);
	});

	it('tells, per note, what became of the copies shared from it, for a page or more, from the index by note', async () => {
		const ids = await writeAll(
			'ada',
			Array.from({ length: 45 }, (_, i) => 1_000 + i)
		);
		const shareNote = (noteId: string, audience: 'partner' | 'counselor' | 'both') =>
			sharing.share(conn.db, 'ada', 'ours', noteId, {
				clientId: `s-${noteId}-${audience}`,
				audience
			});
		await shareNote(ids[0]!, 'partner');
		await shareNote(ids[21]!, 'partner');
		await shareNote(ids[44]!, 'partner');
		await sharing.withdraw(
			conn.db,
			'ada',
			'ours',
			(await sharing.mine(conn.db, 'ada', 'ours'))[0]!.id
		);
		const copies = await sharing.copiesOf(conn.db, 'ada', 'ours', ids);
		expect([...copies.keys()].sort()).toEqual([ids[0], ids[21], ids[44]].sort());
		expect(copies.get(ids[0]!)).toEqual({ audiences: ['partner'], withdrawn: false });
		expect(copies.get(ids[21]!)).toEqual({ audiences: ['partner'], withdrawn: false });
		expect(copies.get(ids[44]!)).toEqual({ audiences: [], withdrawn: true });
		// Shared again after a withdrawal: shared, and the withdrawn copy remembered.
		await sharing.share(conn.db, 'ada', 'ours', ids[44]!, {
			clientId: 'again',
			audience: 'partner'
		});
		expect((await sharing.copiesOf(conn.db, 'ada', 'ours', [ids[44]!])).get(ids[44]!)).toEqual({
			audiences: ['partner'],
			withdrawn: true
		});
		// Only one's own notes, in this space; someone outside it is refused.
		expect((await sharing.copiesOf(conn.db, 'ben', 'ours', ids)).size).toBe(0);
		await expect(sharing.copiesOf(conn.db, 'sam', 'ours', ids)).rejects.toThrow(AppError);
		// Found from the index by note, never by reading every shared item.
		// SQLite's plan; PostgreSQL plans by the table's statistics, and reads a table this small whole.
		if (testEngine() === 'sqlite') {
			const plan = readDb<{ detail: string }>(
				conn.path,
				`explain query plan select note_id from shared_items where note_id in (?, ?) and space_id = ? and author_id = ?`,
				'a',
				'b',
				'ours',
				'ada'
			);
			expect(plan.map((p) => p.detail).join(' ')).toContain('shared_items_author_note_idx');
		}
	});
});

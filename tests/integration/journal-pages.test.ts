import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as notes from '../../src/lib/server/notes';
import { AppError } from '../../src/lib/server/errors';
import { tempDatabase } from '../helpers/db';

let conn: ReturnType<typeof tempDatabase>;

// Two partners in one space.
beforeEach(() => {
	conn = tempDatabase();
	const now = Date.now();
	const user = conn.sqlite.prepare("insert into users (id, email, display_name, password_hash, kind, created_at) values (?, ?, ?, 'x', 'partner', ?)");
	for (const id of ['ada', 'ben']) user.run(id, `${id}@example.com`, id, now);
	conn.sqlite.prepare('insert into spaces (id, name, created_by, created_at) values (?, ?, ?, ?)').run('ours', 'Ours', 'ada', now);
	const member = conn.sqlite.prepare("insert into memberships (id, space_id, user_id, role, status, joined_at) values (?, ?, ?, 'partner', 'active', ?)");
	member.run('m1', 'ours', 'ada', now);
	member.run('m2', 'ours', 'ben', now);
});
afterEach(() => conn.cleanup());

let written = 0;
const write = (userId: string, at: number) =>
	notes.create(conn.db, userId, 'ours', { clientId: `c${written++}`, content: { kind: 'journal', body: `Written at ${at}`, promptId: null } }, at).id;

/** Every page of a person's journal, `size` notes at a time, following each page's link to the older ones. */
function walk(userId: string, size: number): string[][] {
	const pages: string[][] = [];
	let before: notes.Cursor | undefined;
	for (;;) {
		const page = notes.page(conn.db, userId, 'ours', { limit: size + 1, before });
		const shown = page.slice(0, size);
		pages.push(shown.map((n) => n.id));
		if (page.length <= size) return pages;
		before = notes.pageCursor.parse(notes.cursorOf(shown.at(-1)!));
	}
}

/** The same, from the oldest page back up, following each page's link to the newer ones. */
function walkUp(userId: string, size: number, from: notes.Cursor): string[][] {
	const pages: string[][] = [];
	let after = from;
	for (;;) {
		const page = notes.page(conn.db, userId, 'ours', { limit: size + 1, after });
		const shown = page.slice(-size);
		pages.unshift(shown.map((n) => n.id));
		if (page.length <= size) return pages;
		after = notes.pageCursor.parse(notes.cursorOf(shown[0]!));
	}
}

describe('the journal, a page at a time', () => {
	it('shows every note once, newest first, even when several were written in the same millisecond', () => {
		const moments = [1_000, 2_000, 2_000, 2_000, 2_000, 2_000, 3_000, 3_000, 4_000];
		const ids = moments.map((at) => ({ id: write('ada', at), at }));
		write('ben', 2_000); // the partner's note never shows in Ada's journal
		const newestFirst = ids.sort((x, y) => y.at - x.at || (x.id < y.id ? 1 : -1)).map((n) => n.id);
		for (const size of [1, 2, 3, 4]) {
			const pages = walk('ada', size);
			expect(pages.flat()).toEqual(newestFirst);
			expect(pages.every((p) => p.length <= size)).toBe(true);
			// Back up from just before the oldest: the same notes, newest first, none twice.
			expect(walkUp('ada', size, { at: 1, id: '' }).flat()).toEqual(newestFirst);
		}
		expect(walk('ben', 2).flat()).toHaveLength(1);
	});

	it('pages back up with the same bounds as on the way down, and says when there is nothing further', () => {
		const ids = Array.from({ length: 7 }, (_, i) => write('ada', 1_000 + i)).reverse(); // newest first
		const around = (side: { before?: notes.Cursor; after?: notes.Cursor }) => {
			const { shown, newer, older } = notes.around(conn.db, 'ada', 'ours', { size: 3, ...side });
			return { shown: shown.map((n) => n.id), newer: newer?.id, older: older?.id };
		};
		const place = (id: string) => ({ at: 1_000 + (6 - ids.indexOf(id)), id });
		const top = around({});
		expect(top).toEqual({ shown: ids.slice(0, 3), newer: undefined, older: ids[2] });
		const middle = around({ before: place(top.older!) });
		expect(middle).toEqual({ shown: ids.slice(3, 6), newer: ids[3], older: ids[5] });
		const bottom = around({ before: place(middle.older!) });
		expect(bottom).toEqual({ shown: ids.slice(6), newer: ids[6], older: undefined });
		// Up again: the middle page, then (fewer than a page above it) the newest page.
		expect(around({ after: place(bottom.newer!) })).toEqual(middle);
		expect(around({ after: place(middle.newer!) })).toEqual(top);
		// Asked both ways at once, the older side wins; a place past everything shows nothing further.
		expect(around({ before: place(top.older!), after: place(top.older!) })).toEqual(middle);
		expect(around({ before: { at: 1, id: '' } })).toEqual({ shown: [], newer: undefined, older: undefined });
	});

	it('reads cursors the "Older notes" link makes and nothing else', () => {
		expect(notes.pageCursor.parse('1795324998618-xpcwtdpx2zf775db8qywudrg')).toEqual({ at: 1795324998618, id: 'xpcwtdpx2zf775db8qywudrg' });
		// A bare moment (as links made before ties were told apart) starts before that moment.
		expect(notes.pageCursor.parse('1795324998618')).toEqual({ at: 1795324998618, id: '' });
		for (const bad of [null, '', 'nonsense', '-5', '0', '1e9', '12.5', '99999999999999999', '123-ABC', '123-', '123-a-b', `1-${'a'.repeat(65)}`])
			expect(notes.pageCursor.safeParse(bad).success, String(bad)).toBe(false);
	});

	it('starts a page after a cursor of a note that is gone, and refuses someone outside the space', () => {
		const kept = [write('ada', 1_000), write('ada', 3_000)];
		expect(notes.page(conn.db, 'ada', 'ours', { limit: 5, before: { at: 2_000, id: 'deleted-note' } }).map((n) => n.id)).toEqual([kept[0]]);
		expect(notes.page(conn.db, 'ada', 'ours', { limit: 5, after: { at: 2_000, id: 'deleted-note' } }).map((n) => n.id)).toEqual([kept[1]]);
		expect(() => notes.page(conn.db, 'sam', 'ours', { limit: 5 })).toThrow(AppError);
		expect(() => notes.page(conn.db, null as unknown as string, 'ours', { limit: 5 })).toThrow(AppError);
	});
});

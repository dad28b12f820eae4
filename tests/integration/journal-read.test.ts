import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/suite';
import { boxText, Visitor } from '../helpers/http';
import { couple, person, createSpace, readDb } from '../helpers/spaces';
import { share, sharedItemIds, writeNote } from '../helpers/notes';

const { app } = useApp();

const unique = (what: string) =>
	`${what}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

/** The card of one note on a page of the journal. */
const cardOf = (journal: string, noteId: string) =>
	new RegExp(`<li class="card[^"]*">((?!</li>).)*journal/${noteId}"((?!</li>).)*</li>`, 's').exec(
		journal
	)?.[0] ?? '';

describe('a saved note, to read', () => {
	it('opens to read, with Edit leading to the form; saving leads back to it', async () => {
		const { a, spaceId } = await couple(app.origin, app.dbPath);
		const words = unique('Read me');
		const noteId = await writeNote(a, spaceId, { body: words });
		const note = `/spaces/${spaceId}/journal/${noteId}`;

		const read = await (await a.visitor.get(note)).text();
		expect(read).toContain(words);
		expect(read).toContain(`<a class="button" href="${note}/edit">Edit</a>`);
		expect(read).not.toContain('<textarea');
		expect(read).not.toContain('<p class="notice">Saved.</p>');
		expect(read).toMatch(/<h1[^>]*>.*Free note\s*<\/h1>/s);

		// The form is at /edit, with the words in their box before any script runs.
		const form = await (await a.visitor.get(`${note}/edit`)).text();
		expect(boxText(form, 'body')).toBe(words);
		const saved = await a.visitor.post(`${note}/edit?/save`, { body: `${words}, and more` });
		expect(saved.status).toBe(303);
		expect(saved.headers.get('location')).toBe(`${note}?saved=1`);
		const after = await (await a.visitor.get(`${note}?saved=1`)).text();
		expect(after).toContain('<p class="notice">Saved.</p>');
		expect(after).toContain(`${words}, and more`);
	});

	it('says there are changes not saved yet, and keeps them until saved or discarded', async () => {
		const { a, spaceId } = await couple(app.origin, app.dbPath);
		const noteId = await writeNote(a, spaceId, { body: 'As saved' });
		const note = `/spaces/${spaceId}/journal/${noteId}`;
		const drafted = await a.visitor.post(`${note}/edit?/saveDraft`, {
			draftKey: `edit-${noteId}`,
			body: 'As saved, and then some'
		});
		expect(drafted.status).toBe(200);
		const read = await (await a.visitor.get(note)).text();
		expect(read).toContain('have not saved the changes yet');
		expect(read).toContain(`href="${note}/edit">Continue editing</a>`);
		// The note itself is shown as saved; the changes wait in the form.
		expect(read).toContain('As saved');
		expect(read).not.toContain('and then some');
		expect(boxText(await (await a.visitor.get(`${note}/edit`)).text(), 'body')).toBe(
			'As saved, and then some'
		);

		const discarded = await a.visitor.post(`${note}/edit?/discardDraft`, {
			draftKey: `edit-${noteId}`
		});
		expect(discarded.status).toBe(303);
		expect(discarded.headers.get('location')).toBe(note);
		expect(await (await a.visitor.get(note)).text()).not.toContain('have not saved the changes');
		expect(boxText(await (await a.visitor.get(`${note}/edit`)).text(), 'body')).toBe('As saved');
		// Another note's draft cannot be thrown away from here.
		const other = await writeNote(a, spaceId, { body: 'Another' });
		await a.visitor.post(`/spaces/${spaceId}/journal/${other}/edit?/saveDraft`, {
			draftKey: `edit-${other}`,
			body: 'Another, changed'
		});
		expect(
			(await a.visitor.post(`${note}/edit?/discardDraft`, { draftKey: `edit-${other}` })).status
		).toBe(400);
		expect(readDb(app.dbPath, 'select key from note_drafts where author_id = ?', a.id)).toEqual([
			{ key: `edit-${other}` }
		]);
	});

	it('shows the partner, the counselor, a stranger and a logged-out visitor nothing, and lets none of them change it', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const stranger = await person(app.origin, app.dbPath, 'Sten');
		const { spaceId: strangerSpace } = await createSpace(stranger);
		const words = unique('Mine alone');
		const noteId = await writeNote(a, spaceId, { body: words });
		await a.visitor.post(`/spaces/${spaceId}/journal/${noteId}/edit?/saveDraft`, {
			draftKey: `edit-${noteId}`,
			body: `${words} draft`
		});
		for (const [who, visitor, space] of [
			['partner', b.visitor, spaceId],
			['counselor', c!.visitor, spaceId],
			['stranger', stranger.visitor, spaceId],
			['stranger in own space', stranger.visitor, strangerSpace],
			['logged out', new Visitor(app.origin), spaceId]
		] as const) {
			const note = `/spaces/${space}/journal/${noteId}`;
			for (const page of [
				note,
				`${note}/edit`,
				`${note}/__data.json`,
				`${note}/edit/__data.json`
			]) {
				const res = await visitor.get(page);
				const text = await res.text();
				expect(text, `${who} GET ${page}`).not.toContain(words);
				expect(res.status === 200 && !page.endsWith('__data.json'), `${who} GET ${page}`).toBe(
					false
				);
			}
			for (const action of ['save', 'saveDraft', 'discardDraft']) {
				const res = await visitor.post(`${note}/edit?/${action}`, {
					body: 'Overwritten',
					draftKey: `edit-${noteId}`
				});
				expect(res.status, `${who} POST ${action}`).toBeGreaterThanOrEqual(300);
				expect(await res.text()).not.toContain(words);
			}
		}
		expect(
			readDb<{ content: string }>(app.dbPath, 'select content from notes where id = ?', noteId)
		).toEqual([{ content: expect.stringContaining(words) }]);
		expect(
			readDb<{ fields: string }>(
				app.dbPath,
				'select fields from note_drafts where author_id = ?',
				a.id
			)
		).toEqual([{ fields: expect.stringContaining(`${words} draft`) }]);
	});

	it('in a closed space, is read and not changed: the form leads back to the note', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const noteId = await writeNote(a, spaceId, { body: 'Kept after closing' });
		expect((await b.visitor.post(`/spaces/${spaceId}/leave`, {})).status).toBe(303);
		const note = `/spaces/${spaceId}/journal/${noteId}`;
		const read = await (await a.visitor.get(note)).text();
		expect(read).toContain('Kept after closing');
		expect(read).not.toContain('>Edit</a>');
		const edit = await a.visitor.get(`${note}/edit`);
		expect(edit.status).toBe(303);
		expect(edit.headers.get('location')).toBe(note);
	});
});

describe('the cards of the journal', () => {
	it('say what kind of note each is, a free note apart from a guided entry, and whether a copy is shared', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const free = await writeNote(a, spaceId, { body: 'Free words' });
		const guided = await writeNote(a, spaceId, {
			body: 'Guided words',
			promptId: 's1-family-trust'
		});
		const feeling = await writeNote(
			a,
			spaceId,
			{ feelings: 'hopeful', intensity: '4', note: '' },
			'emotion'
		);
		const withdrawn = await writeNote(a, spaceId, { body: 'Shared, then taken back' });
		await share(a, spaceId, guided, 'partner');
		await share(a, spaceId, withdrawn, 'partner');
		const [withdrawnItem] = await sharedItemIds(a, spaceId);
		expect(
			(await a.visitor.post(`/spaces/${spaceId}/shared?/withdraw`, { itemId: withdrawnItem! }))
				.status
		).toBe(200);
		await share(a, spaceId, feeling, 'partner');

		const journal = await (await a.visitor.get(`/spaces/${spaceId}/journal`)).text();
		const kindOf = (id: string) =>
			/<h3[^>]*><a [^>]*>.*?#note-icon-([a-z]+)".*?<span class="kind[^"]*">([^<]+)<\/span>/s
				.exec(cardOf(journal, id))
				?.slice(1);
		expect(kindOf(free)).toEqual(['free', 'Free note']);
		expect(kindOf(guided)).toEqual(['guided', 'Guided entry']);
		expect(kindOf(feeling)).toEqual(['emotion', 'Emotion check-in']);
		expect(cardOf(journal, guided)).toContain('Prompt: Trust in the family you grew up in');
		// Told apart by the card's shape too: a guided entry's card has an edge of its own.
		expect(cardOf(journal, guided)).toMatch(/<li class="card guided/);
		expect(cardOf(journal, free)).toMatch(/<li class="card free/);

		const sharingOf = (id: string) =>
			/<p class="copies ([a-z]+)[^"]*">.*?<\/svg>\s*([^<]+?)\s*<\/p>/s
				.exec(cardOf(journal, id))
				?.slice(1);
		expect(sharingOf(free)).toEqual(['private', 'Private']);
		expect(sharingOf(guided)).toEqual(['shared', 'A copy is shared with your partner']);
		expect(sharingOf(feeling)).toEqual(['shared', 'A copy is shared with your partner']);
		expect(sharingOf(withdrawn)).toEqual(['withdrawn', 'Shared copy withdrawn: private again']);
		// The note's own page says the same, a space before its link.
		expect(await (await a.visitor.get(`/spaces/${spaceId}/journal/${guided}`)).text()).toMatch(
			/A copy is shared with your partner\.\s+(?:<!--[^>]*-->)*<a href="[^"]*\/shared">What I(?:'|&#39;)ve shared<\/a>/
		);
		expect(await (await a.visitor.get(`/spaces/${spaceId}/journal/${withdrawn}`)).text()).toContain(
			'Shared copy withdrawn: private again'
		);

		// The partner's journal shows their own notes only, and says nothing of these.
		const theirs = await (await b.visitor.get(`/spaces/${spaceId}/journal`)).text();
		for (const id of [free, guided, feeling, withdrawn]) expect(theirs).not.toContain(id);
		expect(theirs).not.toContain('A copy is shared');
	});
});

import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/suite';
import { boxText, Visitor } from '../helpers/http';
import { promptsFor } from '../../src/lib/domain/prompts';
import { nextEvent } from '../helpers/sockets';
import { couple, createSpace, person, readDb, type Person } from '../helpers/spaces';
import { clientId, recordEvents, share, sharedItemIds, writeNote } from '../helpers/notes';

const { app, socketFor: socketOf } = useApp();
const socketFor = (p: Person) => socketOf(p.visitor);

const notesOf = (userId: string) =>
	readDb<{ id: string; content: string }>(
		app.dbPath,
		'select id, content from notes where author_id = ?',
		userId
	);

describe('private notes', () => {
	it('shows the journal twenty notes at a time, newest first, with the older and newer ones a link away', async () => {
		const { a, spaceId } = await couple(app.origin, app.dbPath);
		for (let i = 1; i <= 23; i++)
			await writeNote(a, spaceId, { body: `Entry number ${i} of many` });
		const first = await (await a.visitor.get(`/spaces/${spaceId}/journal`)).text();
		expect(first).toContain('Entry number 23 of many');
		expect(first).toContain('Entry number 4 of many');
		expect(first).not.toContain('Entry number 3 of many');
		const older = /href="[^"]*journal\?before=(\d+-[a-z0-9]+)"/.exec(first)![1]!;
		const second = await (await a.visitor.get(`/spaces/${spaceId}/journal?before=${older}`)).text();
		expect(second).toContain('Entry number 3 of many');
		expect(second).toContain('Entry number 1 of many');
		expect(second).not.toContain('Entry number 4 of many');
		expect(second).toContain('Newest notes');
		expect(first).toMatch(/<nav class="pages[^"]*" aria-label="Pages of my notes">/);
		expect(second).not.toContain('Older notes');
		expect(first).not.toContain('Newer notes');
		// Back up: the page before it again, with the same bounds.
		const newer = /href="[^"]*journal\?after=(\d+-[a-z0-9]+)"/.exec(second)![1]!;
		const again = await (await a.visitor.get(`/spaces/${spaceId}/journal?after=${newer}`)).text();
		const shownIn = (html: string) =>
			[...html.matchAll(/class="excerpt[^"]*">Entry number (\d+) of many/g)].map((m) =>
				Number(m[1])
			);
		expect(shownIn(again)).toEqual(shownIn(first));
		expect(shownIn(first)).toEqual(Array.from({ length: 20 }, (_, i) => 23 - i));
		expect(again).not.toContain('Newer notes');
		for (const bad of ['nonsense', '12-NOPE', '-1'])
			expect(
				shownIn(await (await a.visitor.get(`/spaces/${spaceId}/journal?after=${bad}`)).text())
			).toEqual(shownIn(first));
		expect((await a.visitor.get(`/spaces/${spaceId}/journal?before=nonsense`)).status).toBe(200);
		// A stale link to a page past the oldest note says so and leads back.
		const past = await (await a.visitor.get(`/spaces/${spaceId}/journal?before=1`)).text();
		expect(shownIn(past)).toEqual([]);
		expect(past).toContain('Nothing on this page any more');
		expect(past).toMatch(/href="[^"]*journal\?after=1">Newer notes/);
	});

	it("lists the stage's prompts a link away from the journal, each worded for the person's own perspective", async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		// Prompts start notes: a counselor, who writes none here, and anyone outside find no such page.
		expect((await c!.visitor.get(`/spaces/${spaceId}/journal/prompts`)).status).toBe(404);
		const stranger = await person(app.origin, app.dbPath, 'Sol');
		expect((await stranger.visitor.get(`/spaces/${spaceId}/journal/prompts`)).status).toBe(404);
		const away = await new Visitor(app.origin).get(`/spaces/${spaceId}/journal/prompts`);
		expect(away.status).toBe(303);
		expect(away.headers.get('location')).toMatch(/^\/login\?redirectTo=/);
		const stageOne = promptsFor(1, 'hurt');
		expect(stageOne.length).toBeGreaterThanOrEqual(8);
		// The journal leads to them from its writing tools, and again while it is still empty.
		const journal = await (await a.visitor.get(`/spaces/${spaceId}/journal`)).text();
		expect(journal).toMatch(
			new RegExp(`<a href="/spaces/${spaceId}/journal/prompts"[^>]*>Write from a prompt</a>`)
		);
		expect(journal).toContain(
			`<a href="/spaces/${spaceId}/journal/prompts">Choose a prompt for this stage</a>`
		);
		expect((await a.visitor.get(`/spaces/${spaceId}/journal/prompts`)).status).toBe(200);
		const pageOf = async (p: Person) =>
			(await (await p.visitor.get(`/spaces/${spaceId}/journal/prompts`)).text()).replaceAll(
				'&#39;',
				"'"
			);
		const [hurt, caused] = [await pageOf(a), await pageOf(b)];
		for (const prompt of stageOne) {
			expect(hurt).toContain(prompt.title);
			expect(hurt).toContain(prompt.text);
			expect(hurt).toContain(`href="/spaces/${spaceId}/journal/new?prompt=${prompt.id}"`);
		}
		for (const prompt of promptsFor(1, 'caused')) expect(caused).toContain(prompt.text);
		// Each partner reads their own wording only; no later stage's prompts yet.
		expect(stageOne.some((p) => !caused.includes(p.text))).toBe(true);
		for (const prompt of promptsFor(2, 'hurt')) expect(hurt).not.toContain(prompt.title);
	});

	it('keeps self-compassion exercises, "I feel / I need" statements and questions, with the stage they were written in', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const compassion = await writeNote(
			a,
			spaceId,
			{ hard: 'Sleeping badly', shared: '', friend: 'Go easy on yourself', care: 'A walk' },
			'compassion'
		);
		const statement = await writeNote(
			a,
			spaceId,
			{
				when: 'you go quiet',
				feel: 'shut out',
				need: 'to be let in',
				request: 'tell me when you need space'
			},
			'statement'
		);
		const question = await writeNote(
			a,
			spaceId,
			{ question: 'Did anyone else know?', why: 'I keep wondering' },
			'question'
		);
		expect(
			readDb<{ kind: string; stage: number }>(
				app.dbPath,
				'select kind, stage from notes where author_id = ? order by created_at',
				a.id
			)
		).toEqual([
			{ kind: 'compassion', stage: 1 },
			{ kind: 'statement', stage: 1 },
			{ kind: 'question', stage: 1 }
		]);
		expect(
			await (await a.visitor.get(`/spaces/${spaceId}/journal/${compassion}`)).text()
		).toContain('Go easy on yourself');
		expect(await (await a.visitor.get(`/spaces/${spaceId}/journal/${statement}`)).text()).toContain(
			'When you go quiet, I feel shut out because I need to be let in. Would you be willing to tell me when you need space?'
		);
		const missing = await a.visitor.post(`/spaces/${spaceId}/journal/new?/save&kind=statement`, {
			clientId: clientId(),
			when: '',
			feel: '',
			need: 'x',
			request: ''
		});
		expect(missing.status).toBe(400);
		expect(await missing.text()).toContain('Please say what you feel.');
		await share(a, spaceId, question, 'partner');
		const shared = await (await b.visitor.get(`/spaces/${spaceId}/shared`)).text();
		expect(shared).toContain('Did anyone else know?');
		expect(shared).not.toContain('Sleeping badly');
	});

	it('saves a note once however often the same form is sent', async () => {
		const { a, spaceId } = await couple(app.origin, app.dbPath);
		const fields = { clientId: clientId(), body: 'Written once, sent twice' };
		const first = await a.visitor.post(`/spaces/${spaceId}/journal/new?/save`, fields);
		const second = await a.visitor.post(`/spaces/${spaceId}/journal/new?/save`, fields);
		expect(first.status).toBe(303);
		expect(second.headers.get('location')).toBe(first.headers.get('location'));
		expect(notesOf(a.id)).toHaveLength(1);
	});

	it('refuses bad input with a clear message and keeps what was typed', async () => {
		const { a, spaceId } = await couple(app.origin, app.dbPath);
		const empty = await a.visitor.post(`/spaces/${spaceId}/journal/new?/save`, {
			clientId: clientId(),
			body: '   '
		});
		expect(empty.status).toBe(400);
		expect(await empty.text()).toContain('Please write something before saving.');
		const long = 'x'.repeat(20_001);
		const tooLong = await a.visitor.post(`/spaces/${spaceId}/journal/new?/save`, {
			clientId: clientId(),
			body: long
		});
		expect(tooLong.status).toBe(400);
		expect(await tooLong.text()).toContain('20,000 characters or fewer');
		const feeling = await a.visitor.post(`/spaces/${spaceId}/journal/new?/save&kind=emotion`, {
			clientId: clientId(),
			feelings: 'furious-beyond-words',
			intensity: '4',
			note: 'kept text'
		});
		expect(feeling.status).toBe(400);
		const html = await feeling.text();
		expect(html).toContain('Please choose from the feelings listed.');
		expect(boxText(html, 'note')).toBe('kept text');
		const belief = await a.visitor.post(`/spaces/${spaceId}/journal/new?/save&kind=thought`, {
			clientId: clientId(),
			thought: 'They will do it again',
			evidenceFor: '',
			evidenceAgainst: '',
			balanced: '',
			beliefBefore: '150',
			beliefAfter: '40'
		});
		expect(belief.status).toBe(400);
		expect(await belief.text()).toContain('Please give a number from 0 to 100.');
		expect(notesOf(a.id)).toHaveLength(0);
	});

	it('keeps emotion check-ins and thought records with all their parts', async () => {
		const { a, spaceId } = await couple(app.origin, app.dbPath);
		const res = await a.visitor.post(`/spaces/${spaceId}/journal/new?/save&kind=emotion`, [
			['clientId', clientId()],
			['feelings', 'betrayed'],
			['feelings', 'hopeful'],
			['intensity', '7'],
			['note', 'A long day']
		]);
		expect(res.status).toBe(303);
		await writeNote(
			a,
			spaceId,
			{
				thought: 'I am not enough',
				evidenceFor: 'It happened',
				evidenceAgainst: 'Friends',
				balanced: 'It was their choice',
				beliefBefore: '80',
				beliefAfter: '45'
			},
			'thought'
		);
		const rows = notesOf(a.id).map((r) => JSON.parse(r.content));
		expect(rows).toContainEqual({
			kind: 'emotion',
			feelings: ['betrayed', 'hopeful'],
			intensity: 7,
			note: 'A long day'
		});
		expect(rows).toContainEqual({
			kind: 'thought',
			thought: 'I am not enough',
			evidenceFor: 'It happened',
			evidenceAgainst: 'Friends',
			balanced: 'It was their choice',
			beliefBefore: 80,
			beliefAfter: 45
		});
		const chart = await (await a.visitor.get(`/spaces/${spaceId}/journal/feelings`)).text();
		expect(chart).toContain('Intensity of 1 check-in over time');
		expect(chart).toContain('Betrayed, Hopeful');
	});

	it('lets the author edit and delete, and nobody else even find the note', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const noteId = await writeNote(a, spaceId, { body: 'First words' });
		const saved = await a.visitor.post(`/spaces/${spaceId}/journal/${noteId}/edit?/save`, {
			body: 'Better words'
		});
		// Saved, the note is shown to read again.
		expect(saved.status).toBe(303);
		expect(saved.headers.get('location')).toBe(`/spaces/${spaceId}/journal/${noteId}?saved=1`);
		expect(JSON.parse(notesOf(a.id)[0]!.content).body).toBe('Better words');
		for (const other of [b, c!]) {
			for (const page of ['', '/edit'])
				expect(
					(await other.visitor.get(`/spaces/${spaceId}/journal/${noteId}${page}`)).status
				).toBeGreaterThanOrEqual(403);
			const edit = await other.visitor.post(`/spaces/${spaceId}/journal/${noteId}/edit?/save`, {
				body: 'Overwritten'
			});
			expect([403, 404]).toContain(edit.status);
			await other.visitor.post(`/spaces/${spaceId}/journal/${noteId}?/delete`, { noteId });
		}
		expect(JSON.parse(notesOf(a.id)[0]!.content).body).toBe('Better words');
		const gone = await a.visitor.post(`/spaces/${spaceId}/journal/${noteId}?/delete`, { noteId });
		expect(gone.status).toBe(303);
		expect(notesOf(a.id)).toHaveLength(0);
	});

	it('does not let a save from one device silently replace one made from another meanwhile', async () => {
		const { a, spaceId } = await couple(app.origin, app.dbPath);
		const noteId = await writeNote(a, spaceId, { body: 'First version' });
		const seenIn = async () =>
			/name="seen" value="(\d+)"/.exec(
				await (await a.visitor.get(`/spaces/${spaceId}/journal/${noteId}/edit`)).text()
			)![1]!;
		const phone = await seenIn();
		const laptop = await seenIn();
		expect(
			(
				await a.visitor.post(`/spaces/${spaceId}/journal/${noteId}/edit?/save`, {
					body: 'From the phone',
					seen: phone
				})
			).status
		).toBe(303);
		// The laptop's form still starts from the first version: refused, both versions shown.
		const refused = await a.visitor.post(`/spaces/${spaceId}/journal/${noteId}/edit?/save`, {
			body: 'From the laptop',
			seen: laptop
		});
		expect(refused.status).toBe(409);
		const page = await refused.text();
		expect(page).toContain('This note was saved from another device after you opened it.');
		expect(page).toContain('Saved now, from your other device');
		expect(page).toContain('From the phone');
		expect(boxText(page, 'body')).toBe('From the laptop');
		expect(JSON.parse(notesOf(a.id)[0]!.content).body).toBe('From the phone');
		// Sent again from that page, knowingly: the laptop's version replaces the phone's.
		const again = /name="seen" value="(\d+)"/.exec(page)![1]!;
		expect(again).not.toBe(laptop);
		expect(
			(
				await a.visitor.post(`/spaces/${spaceId}/journal/${noteId}/edit?/save`, {
					body: 'From the laptop',
					seen: again
				})
			).status
		).toBe(303);
		expect(JSON.parse(notesOf(a.id)[0]!.content).body).toBe('From the laptop');
	});

	it("writes times in the person's own time zone on the page the server sends, and plainly in UTC when none is known", async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		expect(
			(await a.visitor.post('/account?/setTimeZone', { timeZone: 'America/New_York' })).status
		).toBe(200);
		expect((await b.visitor.post('/account?/setTimeZone', { timeZone: 'UTC' })).status).toBe(200);
		for (const [p, zone, suffix] of [
			[a, 'America/New_York', ''],
			[b, 'UTC', ' UTC']
		] as const) {
			await writeNote(p, spaceId, { body: `In ${zone}` });
			const html = await (await p.visitor.get(`/spaces/${spaceId}/journal`)).text();
			const [, iso, shown] = /<time datetime="([^"]+)">([^<]+)<\/time>/.exec(html)!;
			const expected = new Intl.DateTimeFormat('en', {
				dateStyle: 'medium',
				timeStyle: 'short',
				timeZone: zone
			}).format(new Date(iso!));
			expect(shown!.replaceAll('\u202f', ' ')).toBe(
				`${expected}${suffix}`.replaceAll('\u202f', ' ')
			);
		}
	});

	it('keeps a draft on the server for its author only, and drops it once the note is saved', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const saved = await a.visitor.post(`/spaces/${spaceId}/journal/new?/saveDraft`, {
			draftKey: 'new-journal',
			body: 'Half a thought'
		});
		expect(saved.status).toBe(200);
		expect(
			boxText(await (await a.visitor.get(`/spaces/${spaceId}/journal/new`)).text(), 'body')
		).toBe('Half a thought');
		expect(await (await b.visitor.get(`/spaces/${spaceId}/journal/new`)).text()).not.toContain(
			'Half a thought'
		);
		const noteId = await writeNote(a, spaceId, {
			body: 'A whole thought',
			draftKey: 'new-journal'
		});
		expect(readDb(app.dbPath, 'select * from note_drafts where author_id = ?', a.id)).toHaveLength(
			0
		);
		const foreign = await b.visitor.post(`/spaces/${spaceId}/journal/${noteId}/edit?/saveDraft`, {
			draftKey: `edit-${noteId}`,
			body: 'x'
		});
		expect(foreign.status).toBe(404);
		const wrongKey = await a.visitor.post(`/spaces/${spaceId}/journal/new?/saveDraft`, {
			draftKey: '../../etc',
			body: 'x'
		});
		expect(wrongKey.status).toBe(400);
	});

	it('keeps apart two new notes of the same kind begun on two devices, instead of one replacing the other', async () => {
		const { a, spaceId } = await couple(app.origin, app.dbPath);
		const keys = () =>
			readDb<{ key: string }>(
				app.dbPath,
				'select key from note_drafts where author_id = ? order by key',
				a.id
			).map((r) => r.key);
		const draft = (body: string, basedOn: number) =>
			a.visitor.post(`/spaces/${spaceId}/journal/new?/saveDraft`, {
				draftKey: 'new-journal',
				basedOn: String(basedOn),
				body
			});
		expect((await draft('Laptop words', 0)).status).toBe(200);
		const laptopSaved = readDb<{ updated_at: number }>(
			app.dbPath,
			'select updated_at from note_drafts where author_id = ?',
			a.id
		)[0]!.updated_at;
		// The laptop goes on from its own save: still one draft.
		expect((await draft('Laptop words, more', laptopSaved)).status).toBe(200);
		expect(keys()).toEqual(['new-journal']);
		// The phone began before it knew of the laptop's: kept beside it.
		expect((await draft('Phone words', 0)).status).toBe(200);
		const [, fork] = keys();
		expect(fork).toMatch(/^new-journal~[a-z0-9]{6}$/);
		const suffix = fork!.split('~')[1]!;

		const journal = await (await a.visitor.get(`/spaces/${spaceId}/journal`)).text();
		expect(journal).toContain(`href="/spaces/${spaceId}/journal/new"`);
		expect(journal).toContain(`href="/spaces/${spaceId}/journal/new?draft=${suffix}"`);
		expect(
			boxText(await (await a.visitor.get(`/spaces/${spaceId}/journal/new`)).text(), 'body')
		).toBe('Laptop words, more');
		expect(
			boxText(
				await (await a.visitor.get(`/spaces/${spaceId}/journal/new?draft=${suffix}`)).text(),
				'body'
			)
		).toBe('Phone words');
		// Saving the phone's note clears its draft only.
		const saved = await a.visitor.post(`/spaces/${spaceId}/journal/new?/save&draft=${suffix}`, {
			clientId: clientId(),
			body: 'Phone words'
		});
		expect(saved.status).toBe(303);
		expect(keys()).toEqual(['new-journal']);
	});

	it('marks on the journal a note with changes not saved yet, and links each note by its kind and time', async () => {
		const { a, spaceId } = await couple(app.origin, app.dbPath);
		const [untouched, changing] = [
			await writeNote(a, spaceId, { body: 'Left as it was' }),
			await writeNote(a, spaceId, { body: 'Being changed' })
		];
		const draft = await a.visitor.post(`/spaces/${spaceId}/journal/${changing}/edit?/saveDraft`, {
			draftKey: `edit-${changing}`,
			body: 'Being changed, more'
		});
		expect(draft.status).toBe(200);
		const journal = await (await a.visitor.get(`/spaces/${spaceId}/journal`)).text();
		const card = (noteId: string) =>
			new RegExp(
				`<li class="card[^"]*">((?!</li>).)*journal/${noteId}"((?!</li>).)*</li>`,
				's'
			).exec(journal)?.[0] ?? '';
		expect(card(changing)).toContain('Unsaved changes');
		expect(card(untouched)).not.toContain('Unsaved changes');
		expect(card(untouched)).toMatch(
			/<a href="[^"]*journal\/[a-z0-9]+"[^>]*><svg[^>]*><use[^>]*><\/use><\/svg><span class="kind[^"]*">Free note<\/span><span class="visually-hidden[^"]*"> · <\/span><time datetime="[^"]+">[^<]+ UTC<\/time>/
		);
	});

	it("tells only the author's own devices that a private note changed", async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const sa = await socketFor(a);
		const sb = await socketFor(b);
		const seenByB = recordEvents(sb);
		const mine = nextEvent<{ spaceId: string }>(sa, 'space:changed');
		const noteId = await writeNote(a, spaceId, { body: 'Only mine' });
		expect(await mine).toEqual({ spaceId });
		// Sharing reaches B; events arrive in order, so nothing about the private note came before it.
		const shared = nextEvent(sb, 'space:changed');
		await share(a, spaceId, noteId, 'partner');
		await shared;
		expect(seenByB).toEqual([{ event: 'space:changed', payload: { spaceId } }]);
	});
});

describe('sharing', () => {
	it('shares a snapshot with exactly the audience chosen; the note stays private and unchanged', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const toPartner = await writeNote(a, spaceId, { body: 'For Ben to read' });
		const toCounselor = await writeNote(a, spaceId, { body: 'For Cleo to read' });
		const toBoth = await writeNote(a, spaceId, { body: 'For both to read' });
		await share(a, spaceId, toPartner, 'partner');
		await share(a, spaceId, toCounselor, 'counselor');
		await share(a, spaceId, toBoth, 'both');
		await a.visitor.post(`/spaces/${spaceId}/journal/${toPartner}/edit?/save`, {
			body: 'Changed after sharing'
		});

		const forB = await (await b.visitor.get(`/spaces/${spaceId}/shared`)).text();
		const forC = await (await c!.visitor.get(`/spaces/${spaceId}/shared`)).text();
		expect(forB).toContain('For Ben to read');
		expect(forB).toContain('For both to read');
		expect(forB).not.toContain('For Cleo to read');
		expect(forB).not.toContain('Changed after sharing');
		expect(forC).toContain('For Cleo to read');
		expect(forC).toContain('For both to read');
		expect(forC).not.toContain('For Ben to read');
		expect(JSON.parse(notesOf(a.id).find((n) => n.id === toPartner)!.content).body).toBe(
			'Changed after sharing'
		);
	});

	it('makes a withdrawn item disappear for everyone else at once, live', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const noteId = await writeNote(a, spaceId, { body: 'Shared, then taken back' });
		await share(a, spaceId, noteId, 'partner');
		const [itemId] = await sharedItemIds(a, spaceId);
		expect(await (await b.visitor.get(`/spaces/${spaceId}/shared`)).text()).toContain(
			'Shared, then taken back'
		);
		const sb = await socketFor(b);
		const told = nextEvent(sb, 'space:changed');
		expect(
			(await b.visitor.post(`/spaces/${spaceId}/shared?/withdraw`, { itemId: itemId! })).status
		).toBe(404);
		expect(
			(await a.visitor.post(`/spaces/${spaceId}/shared?/withdraw`, { itemId: itemId! })).status
		).toBe(200);
		await told;
		expect(await (await b.visitor.get(`/spaces/${spaceId}/shared`)).text()).not.toContain(
			'Shared, then taken back'
		);
		const mine = await (await a.visitor.get(`/spaces/${spaceId}/shared`)).text();
		expect(mine).toContain('its words are no longer kept here');
		expect(
			(await a.visitor.post(`/spaces/${spaceId}/shared?/withdraw`, { itemId: itemId! })).status
		).toBe(200);
		expect(
			(await b.visitor.post(`/spaces/${spaceId}/shared?/acknowledge`, { itemId: itemId! })).status
		).toBe(404);
	});

	it('lets the audience say "I read this", which the author sees', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const noteId = await writeNote(a, spaceId, { body: 'Please read this' });
		await share(a, spaceId, noteId, 'partner');
		const [itemId] = await sharedItemIds(a, spaceId);
		const sa = await socketFor(a);
		const told = nextEvent(sa, 'space:changed');
		expect(
			(await b.visitor.post(`/spaces/${spaceId}/shared?/acknowledge`, { itemId: itemId! })).status
		).toBe(200);
		expect(
			(await b.visitor.post(`/spaces/${spaceId}/shared?/acknowledge`, { itemId: itemId! })).status
		).toBe(200);
		await told;
		expect(await (await a.visitor.get(`/spaces/${spaceId}/shared`)).text()).toMatch(/Ben read it/);
		expect(readDb(app.dbPath, 'select * from shared_acks where item_id = ?', itemId)).toHaveLength(
			1
		);
		expect(
			(await a.visitor.post(`/spaces/${spaceId}/shared?/acknowledge`, { itemId: itemId! })).status
		).toBe(409);
	});

	it("refuses audiences the space does not have, and sharing someone else's note", async () => {
		const a = await person(app.origin, app.dbPath, 'Aya');
		const { spaceId } = await createSpace(a);
		const noteId = await writeNote(a, spaceId, { body: 'Nobody to share with yet' });
		const res = await a.visitor.post(`/spaces/${spaceId}/journal/${noteId}/share`, {
			clientId: clientId(),
			audience: 'partner'
		});
		expect(res.status).toBe(409);
		expect(await res.text()).toContain('Your partner has not joined this space yet.');
		const pair = await couple(app.origin, app.dbPath);
		const theirs = await writeNote(pair.a, pair.spaceId, { body: 'Not Ben’s to share' });
		const stolen = await pair.b.visitor.post(`/spaces/${pair.spaceId}/journal/${theirs}/share`, {
			clientId: clientId(),
			audience: 'partner'
		});
		expect(stolen.status).toBe(404);
		expect(
			readDb(app.dbPath, 'select * from shared_items where space_id = ?', pair.spaceId)
		).toHaveLength(0);
	});

	it('shows a counselor only what was shared with counselors after they were admitted', async () => {
		const { a, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const noteId = await writeNote(a, spaceId, { body: 'For the counselor' });
		await share(a, spaceId, noteId, 'counselor');
		expect(await (await c!.visitor.get(`/spaces/${spaceId}/shared`)).text()).toContain(
			'For the counselor'
		);
		expect(
			(await a.visitor.post(`/spaces/${spaceId}/settings?/removeCounselor`, { counselorId: c!.id }))
				.status
		).toBe(200);
		expect((await c!.visitor.get(`/spaces/${spaceId}/shared`)).status).toBe(404);
	});
});

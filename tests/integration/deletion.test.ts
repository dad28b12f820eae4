import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/suite';
import { PASSWORD } from '../helpers/http';
import { couple, readDb, type Person } from '../helpers/spaces';
import {
	agreementStep,
	clientId,
	propose,
	share,
	sharedItemIds,
	writeNote
} from '../helpers/notes';
import { advanceTo, answers as assessmentAnswers, choose, submitAnswers } from '../helpers/journey';
import { testEngine } from '../helpers/engine';

const { app } = useApp();

/**
 * Whether the database still holds these words anywhere. On SQLite, the file and its write-ahead
 * log searched as bytes: deleted words must not linger even in freed pages. On PostgreSQL, every
 * row of every table, as text (its freed space is PostgreSQL's to reuse; see docs/deploy.md).
 */
function databaseHolds(text: string): boolean {
	if (testEngine() === 'postgres')
		return (
			readDb<{ name: string }>(
				app.dbPath,
				`select table_name as name from information_schema.tables
				 where table_schema = 'public' and table_type = 'BASE TABLE'
				 and (xpath('/row/n/text()', query_to_xml(format(
				   'select count(*) as n from %I t where t::text like %L',
				   table_name, '%' || ? || '%'), false, true, '')))[1]::text::int > 0`,
				text
			).length > 0
		);
	const needle = Buffer.from(text, 'utf8');
	return [app.dbPath, `${app.dbPath}-wal`].some(
		(file) => existsSync(file) && readFileSync(file).includes(needle)
	);
}

const tag = (name: string) => `${name}${process.pid}${Date.now().toString(36)}`;

/** A page as it reads, without its markup. */
const words = async (p: Person, path: string) =>
	(await (await p.visitor.get(path)).text()).replace(/<[^>]*>/g, '').replace(/\s+/g, ' ');

async function seed(a: Person, b: Person, spaceId: string, m: Record<string, string>) {
	await writeNote(a, spaceId, { body: m.note! });
	await share(a, spaceId, await writeNote(a, spaceId, { body: m.shared! }), 'partner');
	// After the last new note: saving one puts away the draft of a new note.
	const drafted = await a.visitor.post(`/spaces/${spaceId}/journal/new?/saveDraft`, {
		draftKey: 'new-journal',
		body: m.draft!
	});
	expect(drafted.status).toBe(200);
	const agreementId = await propose(b, spaceId, 'Evening walks');
	await agreementStep(a, spaceId, agreementId, 'accept', { version: '1' });
	await agreementStep(a, spaceId, agreementId, 'logKeeping', {
		clientId: clientId(),
		outcome: 'kept',
		note: m.keeping!
	});
	const started = await a.visitor.post(`/spaces/${spaceId}/conversations/new`, {
		clientId: clientId(),
		topic: m.topic!,
		format: 'free',
		when: 'now'
	});
	const conversationId = /conversations\/([a-z0-9]+)$/.exec(started.headers.get('location')!)![1]!;
	await a.visitor.post(`/spaces/${spaceId}/conversations/${conversationId}?/act`, {
		clientId: clientId(),
		type: 'message',
		text: m.said!
	});
	await b.visitor.post(`/spaces/${spaceId}/conversations/${conversationId}?/act`, {
		clientId: clientId(),
		type: 'message',
		text: m.partnerSaid!
	});
	await advanceTo(a, b, spaceId, 3);
	await submitAnswers(
		a,
		spaceId,
		assessmentAnswers(() => 'not_sure', m.sealed!)
	);
	await advanceTo(a, b, spaceId, 4, 3);
	expect((await choose(a, spaceId, 'more_time', m.choice!)).status).toBe(200);
	return conversationId;
}

describe('deleting an account', () => {
	it('really removes the person’s things from the database, closes the partner’s space kindly, and leaves the partner’s own things', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const m = {
			note: tag('privatenote'),
			draft: tag('draftwords'),
			shared: tag('sharedwords'),
			keeping: tag('keepingnote'),
			topic: tag('topicwords'),
			said: tag('saidwords'),
			sealed: tag('sealedanswer'),
			choice: tag('sealedchoice'),
			partnerSaid: tag('partnerwords'),
			partnerNote: tag('partnernote')
		};
		await writeNote(b, spaceId, { body: m.partnerNote });
		const conversationId = await seed(a, b, spaceId, m);
		for (const text of Object.values(m)) expect(databaseHolds(text), text).toBe(true);

		const wrong = await a.visitor.post('/account/delete', { password: 'not the password at all' });
		expect(wrong.status).toBe(400);
		expect(await wrong.text()).toContain('That password was not right. Nothing has been deleted.');
		expect(readDb(app.dbPath, 'select id from users where id = ?', a.id)).toHaveLength(1);

		const done = await a.visitor.post('/account/delete', { password: PASSWORD });
		expect(done.status).toBe(303);
		expect(done.headers.get('location')).toBe('/goodbye');

		// Gone from the database, not merely hidden.
		for (const key of [
			'note',
			'draft',
			'shared',
			'keeping',
			'topic',
			'said',
			'sealed',
			'choice'
		] as const)
			expect(databaseHolds(m[key]), key).toBe(false);
		expect(databaseHolds(a.email)).toBe(false);
		for (const table of ['users', 'sessions', 'memberships'])
			expect(
				readDb(
					app.dbPath,
					`select * from ${table} where ${table === 'users' ? 'id' : 'user_id'} = ?`,
					a.id
				),
				table
			).toEqual([]);

		// The partner keeps what is theirs; the space is closed and says so kindly.
		expect(databaseHolds(m.partnerNote)).toBe(true);
		expect(databaseHolds(m.partnerSaid)).toBe(true);
		const home = await (await b.visitor.get(`/spaces/${spaceId}`)).text();
		expect(home).toContain('Your partner has left this space');
		const talk = await (
			await b.visitor.get(`/spaces/${spaceId}/conversations/${conversationId}`)
		).text();
		expect(talk).toContain(m.partnerSaid);
		expect((await b.visitor.get(`/spaces/${spaceId}/agreements`)).status).toBe(200);

		// The deleted person is signed out everywhere.
		const after = await a.visitor.get('/home');
		expect(after.status).toBe(303);
		expect(after.headers.get('location')).toContain('/login');
	});

	it('can be scoped to one space by leaving it: the account and the other spaces stay', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const words = tag('leftbehind');
		const kept = tag('otherspace');
		await writeNote(a, spaceId, { body: words });
		const other = await a.visitor.post('/home?/createSpace', {
			name: '',
			perspective: 'mutual',
			safety: 'yes'
		});
		const otherSpace = /\/spaces\/([^/]+)/.exec(other.headers.get('location')!)![1]!;
		await writeNote(a, otherSpace, { body: kept });

		const missing = await a.visitor.post(`/spaces/${spaceId}/leave`, { erase: 'yes' });
		expect(missing.status).toBe(400);
		expect(await missing.text()).toContain(
			'Please enter your password to delete what you wrote here.'
		);
		expect(
			(await a.visitor.post(`/spaces/${spaceId}/leave`, { erase: 'yes', password: PASSWORD }))
				.status
		).toBe(303);
		expect(databaseHolds(words)).toBe(false);
		expect(databaseHolds(kept)).toBe(true);
		expect(await (await b.visitor.get(`/spaces/${spaceId}`)).text()).toContain(
			'Your partner has left this space'
		);
		expect((await a.visitor.get('/home')).status).toBe(200);
	});
});

/**
 * Agreements between Alma (who stays) and Ben: Alma's proposal Ben declined with a note, Ben's
 * proposal Alma never answered, and Ben's agreement Alma accepted, with a change Ben proposed.
 */
async function agreementsBetween(d: Person, e: Person, spaceId: string) {
	const m = {
		declineNote: tag('DeclineNote'),
		neverTitle: tag('NeverTitle'),
		never: tag('NeverAgreed'),
		change: tag('ChangeWords'),
		agreed: tag('AgreedWords')
	};
	const declinedId = await propose(d, spaceId, 'Phone calls at lunch');
	const declined = await agreementStep(e, spaceId, declinedId, 'decline', {
		version: '1',
		note: m.declineNote
	});
	expect(declined.status).toBe(200);
	const neverId = await propose(e, spaceId, m.neverTitle, m.never);
	const agreedId = await propose(e, spaceId, 'Sunday walks', `Sunday walks ${m.agreed}`);
	expect((await agreementStep(d, spaceId, agreedId, 'accept', { version: '1' })).status).toBe(200);
	const change = await e.visitor.post(`/spaces/${spaceId}/agreements/${agreedId}/change`, {
		title: 'Sunday walks',
		details: m.change,
		forWhom: 'both',
		version: '1'
	});
	expect(change.status).toBe(303);
	for (const [key, text] of Object.entries(m)) expect(databaseHolds(text), key).toBe(true);
	return { m, declinedId, neverId, agreedId };
}

/**
 * Once Ben's words went: what Alma and Ben agreed together stays, no longer in force; nothing
 * Ben alone proposed or answered with is left, in the pages or in the database.
 */
async function expectOnlyAgreedWordsLeft(
	d: Person,
	spaceId: string,
	{ m, declinedId, neverId, agreedId }: Awaited<ReturnType<typeof agreementsBetween>>
) {
	for (const key of ['declineNote', 'neverTitle', 'never', 'change'] as const)
		expect(databaseHolds(m[key]), key).toBe(false);
	expect(databaseHolds(m.agreed)).toBe(true);

	const list = await words(d, `/spaces/${spaceId}/agreements`);
	expect(list).not.toContain(m.neverTitle);
	expect(list).toContain('Phone calls at lunch');
	expect(list).toContain('Sunday walks');
	expect(list).toContain('No longer in force: the space is closed');
	expect(list).not.toContain('In force');
	expect((await d.visitor.get(`/spaces/${spaceId}/agreements/${neverId}`)).status).toBe(404);
	const answered = await words(d, `/spaces/${spaceId}/agreements/${declinedId}`);
	expect(answered).toContain('Phone calls at lunch');
	expect(answered).not.toContain(m.declineNote);
	expect(answered).not.toContain('Note with the answer');
	const agreed = await words(d, `/spaces/${spaceId}/agreements/${agreedId}`);
	expect(agreed).toContain(m.agreed);
	expect(agreed).toContain('No longer in force: the space is closed');
	expect(agreed).not.toContain('In force');
	expect(agreed).not.toContain(m.change);
}

/** The partner who stayed, and the counselor, find what happens now; the partner, their copy. */
async function expectClosingFor(d: Person, c: Person, spaceId: string) {
	const home = await (await d.visitor.get(`/spaces/${spaceId}`)).text();
	expect(home).toContain(`href="/spaces/${spaceId}/closing"`);
	const closing = await (await d.visitor.get(`/spaces/${spaceId}/closing`)).text();
	expect(closing.replace(/\s+/g, ' ')).toContain(
		'Your partner has left this space, so it has closed.'
	);
	expect(closing).toContain(`href="/spaces/${spaceId}/export.json"`);
	expect(closing).toContain('Support after a separation or a hard decision');
	expect((await d.visitor.get(`/spaces/${spaceId}/export`)).status).toBe(200);
	const copy = JSON.parse(await (await d.visitor.get(`/spaces/${spaceId}/export.json`)).text());
	expect(copy.space.status).toBe('closed');
	expect(copy.agreements.find((a: { title: string }) => a.title === 'Sunday walks')).toMatchObject({
		status: 'active',
		inForce: false
	});

	expect(await (await c.visitor.get(`/spaces/${spaceId}`)).text()).toContain(
		`href="/spaces/${spaceId}/closing"`
	);
	const theirs = await (await c.visitor.get(`/spaces/${spaceId}/closing`)).text();
	expect(theirs).toContain('What stays yours');
	expect(theirs).not.toContain(`/spaces/${spaceId}/export`);
	expect((await c.visitor.get(`/spaces/${spaceId}/export.json`)).status).toBe(404);
	expect(await words(c, `/spaces/${spaceId}/agreements`)).toContain(
		'No longer in force: the space is closed'
	);
}

describe('what a departing partner wrote in agreements', () => {
	it('goes with their account, except what both agreed, which stays no longer in force; the space closes with its closing page', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const scene = await agreementsBetween(a, b, spaceId);
		expect((await b.visitor.post('/account/delete', { password: PASSWORD })).status).toBe(303);
		await expectOnlyAgreedWordsLeft(a, spaceId, scene);
		await expectClosingFor(a, c!, spaceId);
	});

	it('goes when they leave, deleting what they wrote there', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const scene = await agreementsBetween(a, b, spaceId);
		const left = await b.visitor.post(`/spaces/${spaceId}/leave`, {
			erase: 'yes',
			password: PASSWORD
		});
		expect(left.status).toBe(303);
		await expectOnlyAgreedWordsLeft(a, spaceId, scene);
		await expectClosingFor(a, c!, spaceId);
	});

	it('stays when they simply leave, and the space still closes with its closing page', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const { m } = await agreementsBetween(a, b, spaceId);
		expect((await b.visitor.post(`/spaces/${spaceId}/leave`, {})).status).toBe(303);
		expect(await words(a, `/spaces/${spaceId}/agreements`)).toContain(m.neverTitle);
		await expectClosingFor(a, c!, spaceId);
		// The one who left finds it too, and their own copy.
		const theirs = await words(b, `/spaces/${spaceId}/closing`);
		expect(theirs).toContain('You have left this space, so it has closed.');
		expect((await b.visitor.get(`/spaces/${spaceId}/export.json`)).status).toBe(200);
	});
});

describe('deleting one thing', () => {
	it('leaves no copy of its words in the database: a note, a draft, a counselor’s note', async () => {
		const { a, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const note = tag('NoteGone');
		const draft = tag('DraftGone');
		const counselorNote = tag('CounselorGone');

		const noteId = await writeNote(a, spaceId, { body: `Written ${note}` });
		expect(databaseHolds(note)).toBe(true);
		const deleted = await a.visitor.post(`/spaces/${spaceId}/journal/${noteId}?/delete`, {
			noteId
		});
		expect(deleted.status).toBeLessThan(400);
		expect(databaseHolds(note)).toBe(false);

		const saved = await a.visitor.post(`/spaces/${spaceId}/journal/new?/saveDraft`, {
			draftKey: 'new-journal',
			body: `Half ${draft}`
		});
		expect(saved.status).toBe(200);
		expect(databaseHolds(draft)).toBe(true);
		const discarded = await a.visitor.post(`/spaces/${spaceId}/journal/new?/discardDraft`, {
			draftKey: 'new-journal'
		});
		expect(discarded.status).toBe(303);
		expect(databaseHolds(draft)).toBe(false);

		await c!.visitor.post(`/spaces/${spaceId}/counselor-notes?/save`, {
			clientId: clientId(),
			body: `Session ${counselorNote}`
		});
		expect(databaseHolds(counselorNote)).toBe(true);
		const [row] = readDb<{ id: string }>(
			app.dbPath,
			'select id from counselor_notes where space_id = ?',
			spaceId
		);
		const gone = await c!.visitor.post(`/spaces/${spaceId}/counselor-notes?/delete`, {
			noteId: row!.id,
			confirmed: 'yes'
		});
		expect(gone.status).toBe(200);
		expect(databaseHolds(counselorNote)).toBe(false);
	});
});

describe('withdrawing a shared item', () => {
	it('erases the copy’s words from the database, keeps its dates for the author, and leaves the note alone', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const copied = tag('CopyGone');
		const since = tag('NoteSince');
		const noteId = await writeNote(a, spaceId, { body: `Shared ${copied}` });
		await share(a, spaceId, noteId, 'partner');
		// The note moves on, so that from here only the shared copy holds the words it was shared with.
		expect(
			(await a.visitor.post(`/spaces/${spaceId}/journal/${noteId}/edit?/save`, { body: since }))
				.status
		).toBe(303);
		expect(await words(b, `/spaces/${spaceId}/shared`)).toContain(copied);
		expect(databaseHolds(copied)).toBe(true);

		const [itemId] = await sharedItemIds(a, spaceId);
		const withdrawn = await a.visitor.post(`/spaces/${spaceId}/shared?/withdraw`, {
			itemId: itemId!
		});
		expect(withdrawn.status).toBe(200);
		expect(databaseHolds(copied)).toBe(false);
		expect(readDb(app.dbPath, 'select content from shared_items where id = ?', itemId)).toEqual([
			{ content: null }
		]);

		// The author keeps a line of when it was shared and withdrawn; the note keeps its words.
		const mine = await words(a, `/spaces/${spaceId}/shared`);
		expect(mine).toMatch(/Shared \w{3} \d{1,2}, \d{4}; withdrawn \w{3} \d{1,2}, \d{4}\./);
		expect(mine).toContain('its words are no longer kept here');
		expect(mine).not.toContain(copied);
		expect(await words(a, `/spaces/${spaceId}/journal/${noteId}`)).toContain(since);
		expect(databaseHolds(since)).toBe(true);

		// The partner no longer finds it, on the page or in their copy.
		const theirs = await words(b, `/spaces/${spaceId}/shared`);
		expect(theirs).not.toContain(copied);
		expect(theirs).toContain('Nothing has been shared with you here yet.');
		expect(await words(b, `/spaces/${spaceId}/export.json`)).not.toContain(copied);

		// The author's copy keeps the dates, without words.
		const copy = JSON.parse(await (await a.visitor.get(`/spaces/${spaceId}/export.json`)).text());
		expect(copy.shared).toEqual([
			expect.objectContaining({
				id: itemId,
				content: null,
				sharedAt: expect.any(String),
				withdrawnAt: expect.any(String)
			})
		]);
		const printable = await words(a, `/spaces/${spaceId}/export`);
		expect(printable).toContain('its words were erased then');
		expect(printable).not.toContain(copied);
	});
});

import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/suite';
import { PASSWORD } from '../helpers/http';
import { couple, readDb } from '../helpers/spaces';
import { clientId, propose, writeNote } from '../helpers/notes';

const { app } = useApp();

const membership = (spaceId: string, userId: string) =>
	readDb<{ status: string; perspective: string | null }>(
		app.dbPath,
		'select status, perspective from memberships where space_id = ? and user_id = ?',
		spaceId,
		userId
	)[0];

describe('anyone can leave, even once the space has closed', () => {
	it('lets the partner who stayed remove the counselor and leave, and the one who left delete what they wrote', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const words = `Written by Bo ${Date.now()}`;
		await writeNote(b, spaceId, { body: words });
		await propose(b, spaceId, 'Left open');
		expect(await (await a.visitor.get(`/spaces/${spaceId}/agreements`)).text()).toContain(
			'waiting for your answer'
		);
		expect((await b.visitor.post(`/spaces/${spaceId}/leave`, {})).status).toBe(303);
		// Nothing can be answered in a closed space, so nothing says it waits for an answer.
		expect(await (await a.visitor.get(`/spaces/${spaceId}/agreements`)).text()).not.toContain(
			'waiting for your answer'
		);

		// The space is closed: no link leads to writing something new, or to a page that would refuse.
		const stage = await (await a.visitor.get(`/spaces/${spaceId}/stages/1`)).text();
		expect(stage).not.toMatch(/href="[^"]*\/new[?"]/);
		expect(stage).not.toContain('/journal/prompts');
		const journal = await (await a.visitor.get(`/spaces/${spaceId}/journal`)).text();
		expect(journal).toContain('My notes');
		expect(journal).not.toContain('/journal/prompts');
		expect((await a.visitor.get(`/spaces/${spaceId}/journal/prompts`)).status).toBe(403);
		expect(stage).toContain('href="/breathe?from=');
		// The partner who stayed can still take the counselor out of it.
		const home = await (await a.visitor.get(`/spaces/${spaceId}`)).text();
		expect(home).not.toContain(`/spaces/${spaceId}/safety`);
		const settings = await (await a.visitor.get(`/spaces/${spaceId}/settings`)).text();
		expect(settings).toContain(`Remove ${c!.name}`);
		expect((await c!.visitor.get(`/spaces/${spaceId}/agreements`)).status).toBe(200);
		expect(
			(await a.visitor.post(`/spaces/${spaceId}/settings?/removeCounselor`, { counselorId: c!.id }))
				.status
		).toBe(200);
		expect((await c!.visitor.get(`/spaces/${spaceId}/agreements`)).status).toBe(404);

		// The partner who left can come back to delete everything they wrote there.
		const page = await (await b.visitor.get(`/spaces/${spaceId}/leave`)).text();
		expect(page).toContain('Delete what you wrote');
		expect(
			readDb(
				app.dbPath,
				'select 1 from safety_checks where space_id = ? and user_id = ?',
				spaceId,
				b.id
			)
		).toHaveLength(1);
		expect(
			(await b.visitor.post(`/spaces/${spaceId}/leave`, { erase: 'yes', password: PASSWORD }))
				.status
		).toBe(303);
		expect(readDb(app.dbPath, 'select 1 from notes where author_id = ?', b.id)).toHaveLength(0);
		// Including what they said about themselves there.
		expect(
			readDb(
				app.dbPath,
				'select 1 from safety_checks where space_id = ? and user_id = ?',
				spaceId,
				b.id
			)
		).toHaveLength(0);
		expect(membership(spaceId, b.id)).toEqual({ status: 'left', perspective: null });

		// And so can the partner who stayed, in the closed space.
		expect(await (await a.visitor.get(`/spaces/${spaceId}/more`)).text()).toContain(
			'Delete what I wrote here'
		);
		expect(await (await a.visitor.get(`/spaces/${spaceId}/leave`)).text()).toContain(
			'Delete what you wrote'
		);
		expect(
			(await a.visitor.post(`/spaces/${spaceId}/leave`, { erase: 'yes', password: PASSWORD }))
				.status
		).toBe(303);
		expect(membership(spaceId, a.id)?.status).toBe('left');
	});

	it('lets a counselor leave a closed space, and keep, export and delete their own notes once out of it', async () => {
		const { a, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const mine = `Counselor's own note ${Date.now()}`;
		expect(
			(
				await c!.visitor.post(`/spaces/${spaceId}/counselor-notes?/save`, {
					clientId: clientId(),
					body: mine
				})
			).status
		).toBe(200);
		expect((await a.visitor.post(`/spaces/${spaceId}/leave`, {})).status).toBe(303);
		expect((await c!.visitor.post(`/spaces/${spaceId}/leave`, {})).status).toBe(303);
		expect(membership(spaceId, c!.id)?.status).toBe('left');

		// Out of the space: nothing of it, but their own notes, found from their home page.
		expect((await c!.visitor.get(`/spaces/${spaceId}`)).status).toBe(404);
		const home = await (await c!.visitor.get('/home')).text();
		expect(home).toContain(`href="/spaces/${spaceId}/counselor-notes"`);
		const notesPage = await (await c!.visitor.get(`/spaces/${spaceId}/counselor-notes`)).text();
		expect(notesPage).toContain(mine);
		// Nothing of where the couple are now: not the stage, not that the space closed.
		const notesData = await (
			await c!.visitor.get(`/spaces/${spaceId}/counselor-notes/__data.json`)
		).text();
		expect(notesData).not.toContain('Process feelings');
		expect(notesData).not.toContain('"closed"');
		expect(notesPage).not.toContain('New note');
		const exported = await (await c!.visitor.get('/account/export.json')).json();
		expect(JSON.stringify(exported.counseling)).toContain(mine);
		// Writing is over; deleting is still theirs.
		expect(
			(
				await c!.visitor.post(`/spaces/${spaceId}/counselor-notes?/save`, {
					clientId: clientId(),
					body: 'more'
				})
			).status
		).toBe(404);
		const noteId = readDb<{ id: string }>(
			app.dbPath,
			'select id from counselor_notes where counselor_id = ?',
			c!.id
		)[0]!.id;
		expect(
			(
				await c!.visitor.post(`/spaces/${spaceId}/counselor-notes?/delete`, {
					noteId,
					confirmed: 'yes'
				})
			).status
		).toBe(200);
		expect(
			readDb(app.dbPath, 'select 1 from counselor_notes where counselor_id = ?', c!.id)
		).toHaveLength(0);
		expect(await (await c!.visitor.get('/home')).text()).not.toContain(
			`/spaces/${spaceId}/counselor-notes`
		);
	});

	it('keeps what was left unfinished readable once the space has closed, and in the export', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const noteId = await writeNote(a, spaceId, { body: 'Saved words' });
		await a.visitor.post(`/spaces/${spaceId}/journal/new?/saveDraft`, {
			draftKey: 'new-journal',
			body: 'Half a new thought'
		});
		await a.visitor.post(`/spaces/${spaceId}/journal/${noteId}/edit?/saveDraft`, {
			draftKey: `edit-${noteId}`,
			body: 'Saved words, and more'
		});
		expect((await b.visitor.post(`/spaces/${spaceId}/leave`, {})).status).toBe(303);

		const journal = await (await a.visitor.get(`/spaces/${spaceId}/journal`)).text();
		expect(journal).toContain('Half a new thought');
		expect(journal).not.toContain(`href="/spaces/${spaceId}/journal/new"`);
		expect(journal).toContain('Unsaved changes: open the note to see them.');
		const note = await (await a.visitor.get(`/spaces/${spaceId}/journal/${noteId}`)).text();
		expect(note).toContain('Changes you had not saved');
		expect(note).toContain('Saved words, and more');
		const exported = await (await a.visitor.get(`/spaces/${spaceId}/export.json`)).json();
		expect(exported.unfinished.map((d: { text: string }) => d.text).sort()).toEqual([
			'Half a new thought',
			'Saved words, and more'
		]);
	});
});

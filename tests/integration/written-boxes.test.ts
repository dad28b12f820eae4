import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/suite';
import { boxText, isTicked } from '../helpers/http';
import { advanceTo } from '../helpers/journey';
import { agreementStep, clientId, propose, writeNote } from '../helpers/notes';
import { couple } from '../helpers/spaces';

const { app } = useApp();

// Pages as the server sends them, before any script runs (and when none ever does): what was
// written must be inside its box, not only somewhere in the page's data.
describe('what was written, in its box on the page the server sends', () => {
	const words = 'Line one & "two"\nline <three>';

	it('shows a note being edited, and an emotion check-in with its choices', async () => {
		const { a, spaceId } = await couple(app.origin, app.dbPath);
		const noteId = await writeNote(a, spaceId, { body: words });
		expect(
			boxText(
				await (await a.visitor.get(`/spaces/${spaceId}/journal/${noteId}/edit`)).text(),
				'body'
			)
		).toBe(words);

		const feeling = await writeNote(
			a,
			spaceId,
			{ feelings: 'hopeful', intensity: '8', note: 'A long, quiet day' },
			'emotion'
		);
		const page = await (await a.visitor.get(`/spaces/${spaceId}/journal/${feeling}/edit`)).text();
		expect(boxText(page, 'note')).toBe('A long, quiet day');
		expect(isTicked(page, 'feelings', 'hopeful')).toBe(true);
		expect(isTicked(page, 'feelings', 'betrayed')).toBe(false);
		expect(page).toMatch(/<input[^>]*name="intensity"[^>]*value="8"/);
	});

	it('shows a saved draft, and what was typed when a form is refused', async () => {
		const { a, spaceId } = await couple(app.origin, app.dbPath);
		await a.visitor.post(`/spaces/${spaceId}/journal/new?/saveDraft`, {
			draftKey: 'new-journal',
			body: words
		});
		expect(
			boxText(await (await a.visitor.get(`/spaces/${spaceId}/journal/new`)).text(), 'body')
		).toBe(words);

		const refused = await a.visitor.post(`/spaces/${spaceId}/journal/new?/save&kind=emotion`, {
			clientId: clientId(),
			feelings: 'not-a-feeling',
			intensity: '4',
			note: 'Still here\r\nafter a refusal'
		});
		expect(refused.status).toBe(400);
		expect(boxText(await refused.text(), 'note')).toBe('Still here\nafter a refusal');
	});

	it('shows the details of an agreement being changed', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const id = await propose(a, spaceId, 'Sunday talks', words);
		expect((await agreementStep(b, spaceId, id, 'accept', { version: '1' })).status).toBe(200);
		expect(
			boxText(
				await (await a.visitor.get(`/spaces/${spaceId}/agreements/${id}/change`)).text(),
				'details'
			)
		).toBe(words);
	});

	it('shows the words of stage-3 answers saved as a draft', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		await advanceTo(a, b, spaceId, 3);
		expect(
			(
				await a.visitor.post(`/spaces/${spaceId}/assessment?/saveDraft`, {
					draftKey: 'assessment',
					duration: 'months',
					'duration-detail': words
				})
			).status
		).toBe(200);
		const page = await (await a.visitor.get(`/spaces/${spaceId}/assessment`)).text();
		expect(boxText(page, 'duration-detail')).toBe(words);
		expect(isTicked(page, 'duration', 'months')).toBe(true);
	});
});

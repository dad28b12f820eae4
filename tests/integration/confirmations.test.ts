import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/suite';
import { couple, readDb } from '../helpers/spaces';
import { clientId } from '../helpers/notes';

const { app } = useApp();

const textOf = (html: string) => html.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ');

describe('ending a conversation from its form', () => {
	it('asks first and ends nothing until the answer is yes', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const started = await a.visitor.post(`/spaces/${spaceId}/conversations/new`, {
			clientId: clientId(),
			topic: 'How our week went',
			format: 'free',
			when: 'now'
		});
		expect(started.status).toBe(303);
		const path = started.headers.get('location')!;
		const kinds = () =>
			readDb<{ kind: string }>(
				app.dbPath,
				'select kind from conversation_events where conversation_id = ? order by seq',
				path.split('/').pop()
			).map((e) => e.kind);

		const asked = await b.visitor.post(`${path}?/act`, { clientId: clientId(), type: 'end' });
		expect(asked.status).toBe(200);
		const question = textOf(await asked.text());
		expect(question).toContain('End this conversation for everyone?');
		expect(question).toContain('Yes, end it');
		expect(kinds()).not.toContain('end');

		const ended = await b.visitor.post(`${path}?/act`, {
			clientId: clientId(),
			type: 'end',
			confirmed: 'yes'
		});
		expect(ended.status).toBe(200);
		expect(kinds()).toContain('end');
		expect(textOf(await (await a.visitor.get(path)).text())).toContain(
			'This conversation has ended.'
		);
	});
});

describe('deleting a counselor’s note', () => {
	it('asks first, about one’s own note only, and deletes nothing until the answer is yes', async () => {
		const { a, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const notes = `/spaces/${spaceId}/counselor-notes`;
		expect(
			(await c!.visitor.post(`${notes}?/save`, { clientId: clientId(), body: 'A calm session' }))
				.status
		).toBe(200);
		const [{ id }] = readDb<{ id: string }>(
			app.dbPath,
			'select id from counselor_notes where space_id = ?',
			spaceId
		) as [{ id: string }];
		const kept = () => readDb(app.dbPath, 'select 1 from counselor_notes where id = ?', id);

		const asked = await c!.visitor.post(`${notes}?/delete`, { noteId: id });
		expect(asked.status).toBe(200);
		const question = textOf(await asked.text());
		expect(question).toContain('Delete this note?');
		expect(question).toContain('Yes, delete it');
		expect(kept()).toHaveLength(1);

		// A partner is not even asked: the note is not theirs to name.
		expect((await a.visitor.post(`${notes}?/delete`, { noteId: id })).status).toBe(404);
		expect(
			(await a.visitor.post(`${notes}?/delete`, { noteId: id, confirmed: 'yes' })).status
		).toBe(404);
		expect(kept()).toHaveLength(1);

		expect(
			(await c!.visitor.post(`${notes}?/delete`, { noteId: id, confirmed: 'yes' })).status
		).toBe(200);
		expect(kept()).toHaveLength(0);
	});
});

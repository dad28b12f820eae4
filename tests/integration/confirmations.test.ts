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

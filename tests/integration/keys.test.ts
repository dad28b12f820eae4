import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/suite';
import { expectStatus } from '../helpers/http';
import { couple, readDb, type Person } from '../helpers/spaces';
import { clientId } from '../helpers/notes';

const { app } = useApp();

const proposeWith = (p: Person, spaceId: string, key: string, title: string) =>
	p.visitor.post(`/spaces/${spaceId}/agreements/new`, {
		clientId: key,
		title,
		details: `${title}, as we said`,
		forWhom: 'both'
	});

const agreementsIn = (spaceId: string) =>
	readDb<{ id: string; created_by: string }>(
		app.dbPath,
		'select id, created_by from agreements where space_id = ? order by created_at',
		spaceId
	);

describe('keys that make a repeated submission land once', () => {
	it('never match another person’s: the same key from two partners makes two proposals', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const key = clientId();
		await expectStatus(await proposeWith(b, spaceId, key, 'Phones away'), 303);
		await expectStatus(await proposeWith(a, spaceId, key, 'Walks on Sunday'), 303);
		// Sent again by the same person, it is still one.
		await expectStatus(await proposeWith(a, spaceId, key, 'Walks on Sunday'), 303);
		expect(agreementsIn(spaceId).map((r) => r.created_by)).toEqual([b.id, a.id]);
	});

	it('made by the server cannot be planted by a partner', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const started = await expectStatus(
			await a.visitor.post(`/spaces/${spaceId}/conversations/new`, {
				clientId: clientId(),
				topic: 'Our evenings',
				format: 'free',
				when: 'now'
			}),
			303
		);
		const id = /conversations\/([a-z0-9]+)$/.exec(started.headers.get('location')!)![1]!;
		const act = (fields: Record<string, string>) =>
			a.visitor.post(`/spaces/${spaceId}/conversations/${id}?/act`, {
				clientId: clientId(),
				...fields
			});
		await expectStatus(await act({ type: 'end', confirmed: 'yes' }), 200);
		await expectStatus(
			await act({ type: 'summary', section: 'try', text: 'A walk after dinner' }),
			200
		);
		const [line] = readDb<{ seq: number }>(
			app.dbPath,
			"select seq from conversation_events where conversation_id = ? and kind = 'summary'",
			id
		);

		// B tries to take the keys "propose as an agreement" would use, with words of their own.
		for (const key of [
			`conversation-${id}-${line!.seq}`,
			`sys:conversation:${id}:${line!.seq}`,
			`sys-conversation-${id}-${line!.seq}`
		])
			expect((await proposeWith(b, spaceId, key, 'Planted words')).status).toBeLessThan(500);

		const proposed = await a.visitor.post(`/spaces/${spaceId}/conversations/${id}?/propose`, {
			item: String(line!.seq)
		});
		expect(proposed.status).toBe(200);
		const made = readDb<{ id: string; created_by: string; title: string }>(
			app.dbPath,
			`select a.id, a.created_by, v.title
			   from agreements a join agreement_versions v on v.agreement_id = a.id
			  where a.space_id = ? and a.created_by = ?`,
			spaceId,
			a.id
		);
		expect(made.map((m) => m.title)).toEqual(['A walk after dinner']);
		const page = await (await a.visitor.get(`/spaces/${spaceId}/agreements/${made[0]!.id}`)).text();
		expect(page).toContain('A walk after dinner');
		expect(page).not.toContain('Planted words');
	});
});

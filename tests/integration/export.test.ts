import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/suite';
import { couple, person, type Person } from '../helpers/spaces';
import { clientId, share, writeNote } from '../helpers/notes';
import { advanceTo, answers as assessmentAnswers, submitAnswers } from '../helpers/journey';
import { Visitor } from '../helpers/http';

const { app } = useApp();

const tag = (name: string) => `${name}-${process.pid}-${Date.now().toString(36)}`;
const exportOf = async (p: Person) => {
	const res = await p.visitor.get('/account/export.json');
	expect(res.status).toBe(200);
	expect(res.headers.get('content-disposition')).toMatch(
		/^attachment; filename="trellis-\d{4}-\d{2}-\d{2}\.json"$/
	);
	return res.text();
};

describe('the account export', () => {
	it('holds exactly what each person may see: theirs, what was shared with them, what was revealed', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const m = {
			aPrivate: tag('a-private'),
			aShared: tag('a-shared'),
			bPrivate: tag('b-private'),
			bShared: tag('b-shared'),
			aSealed: tag('a-sealed'),
			aOnlyCounselor: tag('a-counselor-only'),
			aRevealed: tag('a-revealed'),
			bOnlyCounselor: tag('b-counselor-only'),
			bRevealed: tag('b-revealed'),
			talk: tag('talk'),
			cNote: tag('c-note')
		};
		await writeNote(a, spaceId, { body: m.aPrivate });
		await share(a, spaceId, await writeNote(a, spaceId, { body: m.aShared }), 'partner');
		await writeNote(b, spaceId, { body: m.bPrivate });
		await share(b, spaceId, await writeNote(b, spaceId, { body: m.bShared }), 'both');

		const started = await a.visitor.post(`/spaces/${spaceId}/conversations/new`, {
			clientId: clientId(),
			topic: 'A talk',
			format: 'free',
			when: 'now'
		});
		const conversationId = /conversations\/([a-z0-9]+)$/.exec(
			started.headers.get('location')!
		)![1]!;
		expect(
			(
				await b.visitor.post(`/spaces/${spaceId}/conversations/${conversationId}?/act`, {
					clientId: clientId(),
					type: 'message',
					text: m.talk
				})
			).status
		).toBe(200);

		const today = new Date().toISOString().slice(0, 10);
		expect(
			(
				await c!.visitor.post(`/spaces/${spaceId}/checkins?/assign`, {
					clientId: clientId(),
					templateId: 'weekly-trust',
					cadence: 'once',
					startDate: today,
					time: '00:00'
				})
			).status
		).toBe(200);
		const schedule = /checkins\/([a-z0-9]{24})\//.exec(
			await (await a.visitor.get(`/spaces/${spaceId}/checkins`)).text()
		)![1]!;
		const answer = (helped: string, hard: string) => ({
			trust: '6',
			safe: '5',
			hope: '7',
			kept: 'Mostly',
			helped,
			hard
		});
		expect(
			(
				await a.visitor.post(
					`/spaces/${spaceId}/checkins/${schedule}/${today}?/submit`,
					answer(m.aRevealed, m.aOnlyCounselor)
				)
			).status
		).toBe(303);
		expect(
			(
				await b.visitor.post(
					`/spaces/${spaceId}/checkins/${schedule}/${today}?/submit`,
					answer(m.bRevealed, m.bOnlyCounselor)
				)
			).status
		).toBe(303);
		expect(
			(
				await c!.visitor.post(`/spaces/${spaceId}/counselor-notes?/save`, {
					clientId: clientId(),
					body: m.cNote
				})
			).status
		).toBe(200);

		await advanceTo(a, b, spaceId, 3);
		expect(
			(
				await submitAnswers(
					a,
					spaceId,
					assessmentAnswers(() => 'not_sure', m.aSealed)
				)
			).status
		).toBe(200);

		const forA = await exportOf(a);
		const parsed = JSON.parse(forA);
		expect(parsed).toMatchObject({
			format: 'trellis-account-export',
			version: 1,
			account: { displayName: 'Alma', kind: 'partner' }
		});
		for (const seen of [
			m.aPrivate,
			m.aShared,
			m.bShared,
			m.aSealed,
			m.aOnlyCounselor,
			m.aRevealed,
			m.bRevealed,
			m.talk
		])
			expect(forA, seen).toContain(seen);
		for (const hidden of [m.bPrivate, m.bOnlyCounselor, m.cNote])
			expect(forA, hidden).not.toContain(hidden);

		const forB = await exportOf(b);
		for (const seen of [
			m.bPrivate,
			m.bShared,
			m.aShared,
			m.bOnlyCounselor,
			m.bRevealed,
			m.aRevealed,
			m.talk
		])
			expect(forB, seen).toContain(seen);
		for (const hidden of [m.aPrivate, m.aSealed, m.aOnlyCounselor, m.cNote])
			expect(forB, hidden).not.toContain(hidden);

		const forC = await exportOf(c!);
		expect(JSON.parse(forC)).toMatchObject({ account: { kind: 'counselor' }, spaces: [] });
		for (const seen of [m.cNote, m.talk, m.bShared]) expect(forC, seen).toContain(seen);
		for (const hidden of [m.aPrivate, m.bPrivate, m.aSealed, m.aShared])
			expect(forC, hidden).not.toContain(hidden);

		// The printable copy says the same, and nobody else can ask for someone's copy.
		const printable = await (await a.visitor.get('/account/export')).text();
		expect(printable).toContain(m.aPrivate);
		expect(printable).not.toContain(m.bPrivate);
		expect((await new Visitor(app.origin).get('/account/export.json')).status).toBe(303);
	});

	it('of a couple’s space is no page at all for their counselor or a stranger', async () => {
		const { a, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const stranger = await person(app.origin, app.dbPath, 'Sol');
		expect((await a.visitor.get(`/spaces/${spaceId}/export.json`)).status).toBe(200);
		for (const who of [c!, stranger]) {
			const res = await who.visitor.get(`/spaces/${spaceId}/export.json`);
			expect(res.status, who.name).toBe(404);
			const body = await res.text();
			expect(body, who.name).toContain('We could not find that page.');
			expect(body, who.name).not.toContain('briefly unavailable');
		}
	});
});

import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/suite';
import { expectStatus } from '../helpers/http';
import { alike } from '../helpers/alike';
import { clientId, recordEvents } from '../helpers/notes';
import { pageShape } from '../helpers/journey';
import { admitCounselor, createSpace, join, person, type Person } from '../helpers/spaces';

const { app, socketFor } = useApp();

/** A couple with a counselor, where A gave `safety` when creating the space, and B started a conversation. */
async function spaceWhereAAnswered(safety: 'yes' | 'not_sure' | 'no') {
	const [a, b, c] = await Promise.all([
		person(app.origin, app.dbPath, 'Ada'),
		person(app.origin, app.dbPath, 'Bea'),
		person(app.origin, app.dbPath, 'Cy', 'counselor')
	]);
	const { spaceId, invite } = await createSpace(a, { safety });
	await expectStatus(await join(b, invite.token), 303);
	await admitCounselor(a, b, c, spaceId);
	const started = await expectStatus(
		await b.visitor.post(`/spaces/${spaceId}/conversations/new`, {
			clientId: clientId(),
			topic: 'How I have been since it came out',
			format: 'speaker_listener',
			when: 'now'
		}),
		303
	);
	const conversationId = /conversations\/([a-z0-9]+)$/.exec(started.headers.get('location')!)![1]!;
	return { a, b, c, spaceId, conversationId };
}

const text = async (p: Person, path: string) =>
	(await (await expectStatus(await p.visitor.get(path), 200)).text()).replace(/\s+/g, ' ');

describe('answering "No" to "Do you feel safe with your partner?"', () => {
	it('leads to support meant for that answer, different from "Not sure"', async () => {
		const no = await spaceWhereAAnswered('no');
		const unsure = await spaceWhereAAnswered('not_sure');
		const forNo = await text(no.a, `/spaces/${no.spaceId}/safety`);
		expect(forNo).toContain('You said you do not feel safe with your partner');
		expect(forNo).toContain('help you plan how to stay safe');
		expect(forNo).toContain('What Quick exit does, and what it cannot do');
		const forUnsure = await text(unsure.a, `/spaces/${unsure.spaceId}/safety`);
		expect(forUnsure).toContain('Support for you');
		expect(forUnsure).not.toContain('You said you do not feel safe with your partner');
	});

	it('asks, privately and gently, before starting or joining a live conversation, and lets them go on', async () => {
		const { a, spaceId, conversationId } = await spaceWhereAAnswered('no');
		const starting = await text(a, `/spaces/${spaceId}/conversations/new`);
		expect(starting).toContain('Before you go on');
		expect(starting).toContain('Go on to start a conversation');
		expect(starting).not.toContain('What would you like to talk about?');
		const goneOn = await text(a, `/spaces/${spaceId}/conversations/new?goOn`);
		expect(goneOn).not.toContain('Before you go on');
		expect(goneOn).toContain('What would you like to talk about?');

		const joining = await text(a, `/spaces/${spaceId}/conversations/${conversationId}`);
		expect(joining).toContain('Before you go on');
		expect(joining).toContain('Go on to the conversation');
		expect(joining).not.toContain('Right now');
		const joined = await text(a, `/spaces/${spaceId}/conversations/${conversationId}?goOn`);
		expect(joined).not.toContain('Before you go on');
		expect(joined).toContain('Right now');

		// Going on to start one: the conversation they started does not ask again.
		const started = await expectStatus(
			await a.visitor.post(`/spaces/${spaceId}/conversations/new?goOn`, {
				clientId: clientId(),
				topic: 'How I have been since it came out',
				format: 'speaker_listener',
				when: 'now'
			}),
			303
		);
		expect(await text(a, started.headers.get('location')!)).not.toContain('Before you go on');
	});

	it('is never asked of someone who answered otherwise', async () => {
		for (const answer of ['yes', 'not_sure'] as const) {
			const { a, spaceId, conversationId } = await spaceWhereAAnswered(answer);
			expect(await text(a, `/spaces/${spaceId}/conversations/new`)).not.toContain(
				'Before you go on'
			);
			expect(await text(a, `/spaces/${spaceId}/conversations/${conversationId}`)).not.toContain(
				'Before you go on'
			);
		}
	});

	it('changes nothing the partner or the counselor can see or hear', async () => {
		const [x, y] = await Promise.all([spaceWhereAAnswered('no'), spaceWhereAAnswered('yes')]);
		const seen = async (s: typeof x) => {
			const [sb, sc] = [await socketFor(s.b.visitor), await socketFor(s.c.visitor)];
			const heard = [recordEvents(sb), recordEvents(sc)];
			// The partner who answered reads the pages around a conversation (and is asked, or not).
			for (const path of ['/conversations/new', `/conversations/${s.conversationId}`, '/safety'])
				await s.a.visitor.get(`/spaces/${s.spaceId}${path}`);
			const pages: string[] = [];
			for (const viewer of [s.b, s.c])
				for (const path of [
					'',
					'/__data.json',
					'/conversations',
					'/conversations/__data.json',
					`/conversations/${s.conversationId}`,
					`/conversations/${s.conversationId}/__data.json`,
					'/journey'
				])
					pages.push(
						alike(
							await pageShape(viewer, `/spaces/${s.spaceId}${path}`),
							s.spaceId,
							[s.a, s.b, s.c],
							[s.conversationId]
						)
					);
			for (const viewer of [s.b, s.c])
				pages.push(
					alike(await pageShape(viewer, '/home'), s.spaceId, [s.a, s.b, s.c], [s.conversationId])
				);
			// The counselor is refused the partner's safety page alike, whatever the answer.
			expect((await s.c.visitor.get(`/spaces/${s.spaceId}/safety`)).status).toBe(403);
			return {
				pages,
				heard: heard.map((h) =>
					alike(JSON.stringify(h), s.spaceId, [s.a, s.b, s.c], [s.conversationId])
				)
			};
		};
		const [inX, inY] = [await seen(x), await seen(y)];
		expect(inX.pages).toEqual(inY.pages);
		expect(inX.heard).toEqual(inY.heard);
		// What the answering partner sees does differ (so the comparison above can tell).
		expect(await text(x.a, `/spaces/${x.spaceId}/conversations/new`)).not.toEqual(
			await text(y.a, `/spaces/${y.spaceId}/conversations/new`)
		);
	});
});

import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/suite';
import { couple } from '../helpers/spaces';
import { agreementStep, clientId, propose, share, writeNote } from '../helpers/notes';
import { PASSWORD, uniqueEmail, Visitor } from '../helpers/http';

const { app } = useApp();

const payloads = [
	'<script>window.__owned=1</script>',
	'<img src=x onerror="window.__owned=1">',
	'"><svg onload=alert(1)>',
	"javascript:alert('x')"
];

/** A payload is harmless when it never appears as markup or as a link target: only as text. */
function live(html: string, payload: string): boolean {
	if (payload.startsWith('javascript:')) return /href="javascript:/i.test(html);
	return html.includes(payload);
}

describe('stored script payloads', () => {
	it('render as text in notes, names, agreement titles, shared items and messages', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const evil = new Visitor(app.origin);
		const evilEmail = uniqueEmail('evil');
		expect(
			(await evil.signUp({ email: evilEmail, displayName: payloads[0]!, password: PASSWORD }))
				.status
		).toBe(200);
		expect((await evil.logIn(evilEmail, PASSWORD)).status).toBe(303);
		for (const p of payloads) {
			const noteId = await writeNote(a, spaceId, { body: p });
			await share(a, spaceId, noteId, 'partner');
			const agreementId = await propose(a, spaceId, p.slice(0, 100), p);
			await agreementStep(b, spaceId, agreementId, 'decline', { version: '1', note: p });
		}
		const started = await a.visitor.post(`/spaces/${spaceId}/conversations/new`, {
			clientId: clientId(),
			ownTopic: payloads[1]!,
			format: 'free',
			when: 'now'
		});
		const conversation = started.headers.get('location')!;
		for (const p of payloads)
			await b.visitor.post(`${conversation}?/act`, {
				clientId: clientId(),
				type: 'message',
				text: p
			});

		const pages: [Visitor, string][] = [
			[a.visitor, `/spaces/${spaceId}/journal`],
			[b.visitor, `/spaces/${spaceId}/shared`],
			[a.visitor, `/spaces/${spaceId}/agreements`],
			[b.visitor, conversation],
			[a.visitor, `/spaces/${spaceId}/conversations`],
			[a.visitor, '/account/export'],
			[evil, '/home']
		];
		for (const [visitor, path] of pages) {
			const res = await visitor.get(path);
			expect(res.status, path).toBe(200);
			const html = await res.text();
			for (const p of payloads) expect(live(html, p), `${path} ${p}`).toBe(false);
		}
		// And as text they are there, escaped.
		const journal = await (await a.visitor.get(`/spaces/${spaceId}/journal`)).text();
		expect(journal).toContain('&lt;script>window.__owned=1&lt;/script>');
	});
});

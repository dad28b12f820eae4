import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/suite';
import { boxText } from '../helpers/http';
import { createSpace, person, readDb } from '../helpers/spaces';
import { FORM_OWN_FIELDS } from '../../src/lib/server/kept-words';

const { app } = useApp();

describe('a form sent without scripts after the session ended', () => {
	it('goes on to a page that shows its words back, writes nothing, and leads to log in and back', async () => {
		const a = await person(app.origin, app.dbPath, 'Ines');
		const { spaceId } = await createSpace(a);
		expect((await a.visitor.post('/logout', {})).status).toBe(303);
		const words = 'Two hours of writing,\r\nand then the session had ended.';
		const sent = { clientId: 'c-kept-1', draftKey: 'new-emotion', feelings: 'hopeful', intensity: '6', note: words, password: 'never shown' };
		const res = await a.visitor.post(`/spaces/${spaceId}/journal/new?/save&kind=emotion`, sent);
		// 307: the browser sends the same words on, to the page that shows them back.
		expect(res.status).toBe(307);
		const page = `/spaces/${spaceId}/journal/new?kind=emotion`;
		expect(res.headers.get('location')).toBe(`/session-ended?redirectTo=${encodeURIComponent(page)}`);
		const shown = await a.visitor.post(res.headers.get('location')!, sent);
		expect(shown.status).toBe(200);
		const html = await shown.text();
		// Only what was typed: not the form's own fields, not a choice from a list, never a password.
		expect(boxText(html, 'words')).toBe('Two hours of writing,\nand then the session had ended.');
		for (const hidden of ['c-kept-1', 'new-emotion', 'hopeful', 'never shown']) expect(html).not.toContain(hidden);
		expect(html).toContain(`href="/login?redirectTo=${encodeURIComponent(page)}"`);
		expect(readDb(app.dbPath, 'select id from notes where author_id in (select id from users where email = ?)', a.email)).toEqual([]);
	});

	it('says so plainly when there are no words to show, and leads only to our own pages', async () => {
		const visitor = (await person(app.origin, app.dbPath, 'Oren')).visitor;
		const res = await visitor.post('/session-ended?redirectTo=https%3A%2F%2Felsewhere.example', { choice: 'continue' });
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(html).toContain('Please log in again');
		expect(boxText(html, 'words')).toBeNull();
		expect(html).toContain('href="/login?redirectTo=%2Fhome"');
	});

	it('leaves scripted forms to keep their words in the tab, as before', async () => {
		const a = await person(app.origin, app.dbPath, 'Pia');
		const { spaceId } = await createSpace(a);
		expect((await a.visitor.post('/logout', {})).status).toBe(303);
		const res = await a.visitor.post(`/spaces/${spaceId}/journal/new?/save`, { body: 'Some words here' }, { 'x-sveltekit-action': 'true' });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toMatch(/^\/login\?redirectTo=/);
	});

	it('knows every field our forms fill in themselves', () => {
		const hidden = new Set<string>();
		const walk = (dir: string) => {
			for (const name of readdirSync(dir)) {
				const path = join(dir, name);
				if (statSync(path).isDirectory()) walk(path);
				else if (name.endsWith('.svelte'))
					for (const m of readFileSync(path, 'utf8').matchAll(/<input\b[^>]*\btype="hidden"[^>]*>/g)) {
						const field = /\bname="([^"]+)"/.exec(m[0])?.[1];
						if (field) hidden.add(field);
					}
			}
		};
		walk('src');
		expect(hidden.size).toBeGreaterThan(10);
		for (const field of hidden) expect(FORM_OWN_FIELDS.has(field), field).toBe(true);
	});
});

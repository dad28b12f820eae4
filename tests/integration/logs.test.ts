import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/suite';
import { PASSWORD, uniqueEmail, Visitor } from '../helpers/http';
import { person } from '../helpers/spaces';

const { app } = useApp();

const lines = () =>
	app
		.output()
		.split('\n')
		.filter((l) => l.trim() !== '');

describe('the server log', () => {
	it('records refused access and log-ins (who, what, when) without secrets, and cannot be forged', async () => {
		const omar = await person(app.origin, app.dbPath, 'Omar');
		const forged = '\n{"level":"info","event":"forged"}\n';
		const res = await omar.visitor.get(`/spaces/${encodeURIComponent(`x${forged}`)}`);
		expect(res.status).toBe(404);
		await new Visitor(app.origin).logIn(uniqueEmail('nobody'), `wrong ${PASSWORD}`);
		await new Visitor(app.origin).logIn(omar.email, PASSWORD);

		const all = lines();
		// Every line is one JSON object; none of them is the forged one.
		for (const line of all) expect(() => JSON.parse(line), line).not.toThrow();
		const entries = all.map((l) => JSON.parse(l) as Record<string, unknown>);
		expect(entries.some((e) => e.event === 'forged')).toBe(false);
		const refused = entries.find(
			(e) => e.event === 'access_refused' && String(e.spaceId).includes('forged')
		);
		expect(refused).toMatchObject({ userId: omar.id, action: 'space.view', decision: 'not_found' });
		expect(typeof refused!.at).toBe('string');
		expect(entries.some((e) => e.event === 'login_failed')).toBe(true);
		expect(entries.some((e) => e.event === 'login' && e.userId === omar.id)).toBe(true);
		// No passwords, session tokens or email addresses.
		expect(app.output()).not.toContain(PASSWORD);
		expect(app.output()).not.toContain(omar.visitor.sessionToken!);
		expect(app.output()).not.toContain(omar.email);
	});

	it('answers requests the framework refuses with a 4xx, logged as refusals rather than failures', async () => {
		const olu = await person(app.origin, app.dbPath, 'Olu');
		const before = lines().length;
		// The name the framework reserves, and a form action sent as JSON.
		const reserved = await olu.visitor.post('/account?/default', { displayName: 'x' });
		expect(reserved.status).toBe(404);
		const asJson = await fetch(`${app.origin}/account?/setTimeZone`, {
			method: 'POST',
			headers: {
				cookie: olu.visitor.cookieHeader,
				origin: app.origin,
				'content-type': 'application/json'
			},
			body: '{}'
		});
		expect(asJson.status).toBe(415);
		const entries = lines()
			.slice(before)
			.map((l) => JSON.parse(l) as Record<string, unknown>);
		expect(entries.filter((e) => e.level === 'error')).toEqual([]);
		expect(entries).toContainEqual(
			expect.objectContaining({ event: 'request_refused', status: 415 })
		);
	});
});

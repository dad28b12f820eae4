import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/suite';
import { PASSWORD, uniqueEmail, Visitor } from '../helpers/http';
import { person } from '../helpers/spaces';

const { app } = useApp();

/** Asks for an estimate the way the new-password field does. */
function estimate(body: unknown, visitor = new Visitor(app.origin), origin = app.origin) {
	return fetch(`${app.origin}/password-strength`, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			cookie: visitor.cookieHeader,
			...(origin ? { origin } : {})
		},
		body: typeof body === 'string' ? body : JSON.stringify(body)
	});
}

const said = async (res: Response) => ((await res.json()) as { level: string; text: string }).text;

describe('choosing a new password', () => {
	it('refuses a common password at sign-up, saying why in plain words, never a 500', async () => {
		for (const common of ['password1', 'iloveyou2', 'qwertyuiop', 'Welcome2024!']) {
			const res = await new Visitor(app.origin).signUp({
				email: uniqueEmail('common'),
				displayName: 'Cam',
				password: common
			});
			expect(res.status).toBe(400);
			const html = await res.text();
			expect(html).toContain('it is on the lists of passwords people use most');
			expect(html).toContain('value="Cam"');
			expect(html).not.toContain(common);
		}
	});

	it('refuses a password made of the email at sign-up, and one made of the name on the account page', async () => {
		const email = uniqueEmail('dana.reyes');
		const signUp = await new Visitor(app.origin).signUp({
			email,
			displayName: 'Dana',
			password: email
		});
		expect(signUp.status).toBe(400);
		expect(await signUp.text()).toContain('not made from your email');

		const maximilian = await person(app.origin, app.dbPath, 'Maximilian');
		const change = await maximilian.visitor.post('/account?/changePassword', {
			currentPassword: PASSWORD,
			newPassword: 'Maximilian2024'
		});
		expect(change.status).toBe(400);
		expect(await change.text()).toContain('not made from your email');
	});

	it('gives an estimate in our words that changes as the password grows', async () => {
		const texts = [];
		for (const typed of ['quiet', 'password123', 'quiet harbour morning 73'])
			texts.push(await said(await estimate({ password: typed })));
		expect(texts).toEqual([
			'Strength: too short. Please use at least 10 characters.',
			'Strength: weak, easy to guess: it is on the lists of passwords people use most, which are tried first.',
			'Strength: strong, hard to guess.'
		]);
	});

	it('weighs the email and name typed beside it, or those of the person signed in', async () => {
		const typed = { password: 'oliver.twist.77', email: 'oliver.twist.77@example.com' };
		expect(await said(await estimate(typed))).toContain('made from your email, your name');
		const ines = await person(app.origin, app.dbPath, 'Inesita');
		expect(await said(await estimate({ password: 'Inesita!2024' }, ines.visitor))).toContain(
			'made from your email, your name'
		);
		expect(await said(await estimate({ password: 'Inesita!2024' }))).not.toContain('your name');
	});

	it('answers only our own pages, and bad input clearly', async () => {
		expect((await estimate({ password: 'x' }, undefined, 'https://evil.example')).status).toBe(403);
		expect((await estimate({ password: 'x' }, undefined, '')).status).toBe(403);
		expect((await estimate('{not json')).status).toBe(400);
		expect((await estimate({ password: 42 })).status).toBe(400);
		expect((await estimate({ password: 'y'.repeat(5_000) })).status).toBe(400);
		expect(await said(await estimate({ password: 'y'.repeat(300) }))).toMatch(/too long/);
		expect((await fetch(`${app.origin}/password-strength`)).status).toBe(405);
	});

	it('never writes a password it was asked about into the log', () => {
		for (const secret of [
			'quiet harbour morning 73',
			'password123',
			'oliver.twist.77',
			'Inesita!2024'
		])
			expect(app.output()).not.toContain(secret);
	});

	it('slows down a flood from one address, refusing politely', async () => {
		const answers = await Promise.all(
			Array.from({ length: 90 }, (_, i) => estimate({ password: `flood number ${i}` }))
		);
		const statuses = answers.map((r) => r.status);
		expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
		// Typing never comes near it: a burst of sixty (less what the tests above used) goes through.
		expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(40);
		expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
	});
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { freePort, startApp, type RunningApp } from '../helpers/app';
import { expectStatus, PASSWORD, uniqueEmail } from '../helpers/http';

/**
 * Trellis behind an https proxy: `ORIGIN` is the public https address, the requests reach it
 * over loopback as a proxy would send them.
 */
const PUBLIC = 'https://trellis.example';
let app: RunningApp;
let local: string;
beforeAll(async () => {
	const port = await freePort();
	local = `http://127.0.0.1:${port}`;
	app = await startApp({ ORIGIN: PUBLIC, PORT: String(port) });
});
afterAll(async () => {
	await app?.stop();
});

const post = (path: string, fields: Record<string, string>, cookie = '') =>
	fetch(local + path, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: PUBLIC,
			cookie,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams(fields).toString()
	});

describe('served over https', () => {
	it('names the session cookie __Host-, keeps it secure and to this site, and asks for https only', async () => {
		const email = uniqueEmail('https');
		await expectStatus(
			await post('/signup', { email, displayName: 'Hana', password: PASSWORD, kind: 'partner' }),
			200
		);
		const login = await expectStatus(await post('/login', { email, password: PASSWORD }), 303);
		expect(login.headers.get('strict-transport-security')).toBe('max-age=31536000');
		const cookie = login.headers
			.getSetCookie()
			.find((c) => c.startsWith('__Host-trellis_session='));
		expect(cookie).toBeDefined();
		expect(cookie).toMatch(/; Secure/i);
		expect(cookie).toMatch(/; Path=\//i);
		expect(cookie).not.toMatch(/Domain=/i);
		expect(login.headers.getSetCookie().some((c) => c.startsWith('trellis_session='))).toBe(false);

		const pair = cookie!.split(';')[0]!;
		const home = await fetch(`${local}/home`, { redirect: 'manual', headers: { cookie: pair } });
		expect(home.status).toBe(200);
		// The plain name means nothing here.
		const plain = pair.replace('__Host-', '');
		const refused = await fetch(`${local}/home`, {
			redirect: 'manual',
			headers: { cookie: plain }
		});
		expect(refused.status).toBe(303);

		// The live connection reads the same cookie.
		const socket = io(local, {
			transports: ['websocket'],
			extraHeaders: { cookie: pair, origin: PUBLIC },
			reconnection: false
		});
		try {
			await new Promise<void>((ok, fail) => {
				socket.once('connect', () => ok());
				socket.once('connect_error', fail);
			});
			expect(socket.connected).toBe(true);
		} finally {
			socket.close();
		}
	});
});

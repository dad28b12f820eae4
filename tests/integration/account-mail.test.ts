import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../helpers/app';
import { PASSWORD, Visitor, withoutRequestMarks } from '../helpers/http';
import { linkIn, startMailbox, type Mailbox } from '../helpers/mailbox';
import {
	createSpace,
	newcomer,
	person,
	readDb,
	type MailReader,
	type Person
} from '../helpers/spaces';

const NEW_PASSWORD = 'lantern over still water 58';
let app: RunningApp;
let mailbox: Mailbox;
let ada: Person;

beforeAll(async () => {
	mailbox = await startMailbox();
	app = await startApp({ SMTP_URL: mailbox.url });
	ada = await person(app.origin, app.dbPath, 'Ada', 'partner', fromMailbox);
});
afterAll(async () => {
	await app.stop();
	await mailbox.close();
});

const fromMailbox: MailReader = (email, subject) =>
	mailbox.next((m) => m.to.includes(email) && subject.test(m.subject));

/**
 * The page, without what differs by request anyway: the email echoed back, the script nonce, the
 * moment its data was read.
 */
const pageText = async (res: Response, email: string) =>
	withoutRequestMarks(await res.text())
		.replaceAll(email, '<email>')
		.replace(/\s+/g, ' ');

/** The newest message of `kind` queued for `email`, as it arrives. */
function newest(kind: string, email: string) {
	const [row] = readDb<{ id: string }>(
		app.dbPath,
		'select id from mail_outbox where to_address = ? and kind = ? order by created_at desc',
		email,
		kind
	);
	if (!row) throw new Error(`no ${kind} mail for ${email}`);
	return mailbox.next((m) => m.messageId === `<${row.id}@127.0.0.1>`);
}

describe('forgot password', () => {
	it('answers the same whether or not the email has an account; only an account gets mail', async () => {
		const visitor = new Visitor(app.origin);
		const login = await (await visitor.get('/login')).text();
		expect(login).toContain('href="/forgot"');
		expect(login).toContain('Forgot password?');

		const nobody = 'nobody-here@example.com';
		const known = await visitor.post('/forgot', { email: ada.email.toUpperCase() + '  ' });
		const unknown = await visitor.post('/forgot', { email: nobody });
		expect(known.status).toBe(200);
		expect(unknown.status).toBe(200);
		const [a, b] = [await pageText(known, ada.email), await pageText(unknown, nobody)];
		expect(a).toContain('a link to set a new password is on its way');
		expect(a).toBe(b);

		const mail = await mailbox.next(
			(m) => m.to.includes(ada.email) && /new Trellis password/.test(m.subject)
		);
		expect(mail.text).toContain('within an hour');
		expect(mailbox.received.some((m) => m.to.includes(nobody))).toBe(false);
		// Only hashes are kept: the link's secret is nowhere in the database.
		const secret = linkIn(mail, '/reset/').split('/reset/')[1]!.split('.')[1]!;
		const rows = readDb<Record<string, unknown>>(app.dbPath, 'select * from email_tokens');
		const outbox = readDb<Record<string, unknown>>(app.dbPath, 'select * from mail_outbox');
		expect(JSON.stringify([rows, outbox])).not.toContain(secret);
	});

	it('sets a new password from the link, once; every device is logged out and told by mail', async () => {
		const otherDevice = new Visitor(app.origin);
		expect((await otherDevice.logIn(ada.email, PASSWORD)).status).toBe(303);
		await new Visitor(app.origin).post('/forgot', { email: ada.email });
		const mail = await newest('reset_password', ada.email);
		const path = new URL(linkIn(mail, '/reset/')).pathname;

		const stranger = new Visitor(app.origin);
		const form = await (await stranger.get(path)).text();
		for (const name of ['New password', 'Confirm password', 'Set new password'])
			expect(form).toContain(name);

		const mismatch = await stranger.post(path, {
			newPassword: NEW_PASSWORD,
			confirmPassword: NEW_PASSWORD + 'x'
		});
		expect(mismatch.status).toBe(400);
		expect(await mismatch.text()).toContain('The two passwords are not the same');

		const weak = await stranger.post(path, {
			newPassword: 'password',
			confirmPassword: 'password'
		});
		expect(weak.status).toBeLessThan(500);
		expect(weak.status).not.toBe(303);

		const set = await stranger.post(path, {
			newPassword: NEW_PASSWORD,
			confirmPassword: NEW_PASSWORD
		});
		expect(set.status).toBe(303);
		expect(set.headers.get('location')).toBe('/login?reset=done');
		expect(await (await stranger.get('/login?reset=done')).text()).toContain(
			'Your new password is set'
		);

		// Both of Ada's devices are logged out; the old password no longer works, the new one does.
		for (const device of [ada.visitor, otherDevice]) {
			const home = await device.get('/home');
			expect(home.status).toBe(303);
			expect(home.headers.get('location')).toMatch(/^\/login/);
		}
		expect((await new Visitor(app.origin).logIn(ada.email, PASSWORD)).status).toBe(400);
		expect((await ada.visitor.logIn(ada.email, NEW_PASSWORD)).status).toBe(303);

		// The link worked once.
		const again = await stranger.post(path, {
			newPassword: 'another long password 77',
			confirmPassword: 'another long password 77'
		});
		expect(again.status).toBe(404);
		expect(await (await stranger.get(path)).text()).toContain(
			'This link has expired or has already been used'
		);

		const told = await mailbox.next(
			(m) => m.to.includes(ada.email) && /was changed/.test(m.subject)
		);
		expect(linkIn(told, '/forgot')).toBe(`${app.origin}/forgot`);
	});

	it('refuses tampered, made-up and malformed links with a clear page, never a 500', async () => {
		const visitor = new Visitor(app.origin);
		for (const token of [
			'abcdefghijkmnpqrstuvwxyz.' + 'a'.repeat(52),
			'nothing',
			'%00',
			'x'.repeat(5000)
		]) {
			const page = await visitor.get(`/reset/${token}`);
			expect(page.status).toBeLessThan(500);
			if (page.status === 200)
				expect(await page.text()).toContain('This link has expired or has already been used');
			const posted = await visitor.post(`/reset/${token}`, {
				newPassword: NEW_PASSWORD,
				confirmPassword: NEW_PASSWORD
			});
			expect(posted.status).toBeLessThan(500);
			expect(posted.status).not.toBe(303);
		}
		const bad = await visitor.post('/forgot', { email: 'not an email' });
		expect(bad.status).toBe(400);
		expect(await bad.text()).toContain('Please enter an email address like name@example.com.');
	});

	it('sends at most a few links an hour for one email, with the same answer', async () => {
		const bo = await person(app.origin, app.dbPath, 'Bo', 'partner', fromMailbox);
		const visitor = new Visitor(app.origin);
		for (let i = 0; i < 5; i++) {
			const res = await visitor.post('/forgot', { email: bo.email });
			expect(await res.text()).toContain('a link to set a new password is on its way');
		}
		const queued = readDb<{ n: number }>(
			app.dbPath,
			"select count(*) as n from mail_outbox where to_address = ? and kind = 'reset_password'",
			bo.email
		)[0]!.n;
		expect(queued).toBe(3);
		// Each new link retires the one before: only the newest works.
		const usable = readDb<{ n: number }>(
			app.dbPath,
			"select count(*) as n from email_tokens where email = ? and purpose = 'reset' and used_at is null",
			bo.email
		)[0]!.n;
		expect(usable).toBe(1);
	});
});

describe('confirming an email', () => {
	it('a new account gets a link; until it is opened, home asks for it and can send it again', async () => {
		const eve = await newcomer(app.origin, app.dbPath, 'Eve');
		const first = await newest('verify_email', eve.email);
		expect(first.subject).toBe('Finish creating your Trellis account');
		const firstPath = new URL(linkIn(first, '/verify/')).pathname;

		const home = await (await eve.visitor.get('/home')).text();
		expect(home).toContain('Verify your email');
		expect(home).toContain('Send the link again');

		const again = await eve.visitor.post('/home?/sendVerification', {});
		expect(again.status).toBe(200);
		expect(await again.text()).toContain('A new link is on its way');
		const second = await newest('verify_email', eve.email);
		expect(second.messageId).not.toBe(first.messageId);
		// The newer link replaces the older one.
		expect(await (await eve.visitor.get(firstPath)).text()).toContain(
			'This link has expired or has already been used'
		);

		// Opened logged out (as from a phone's mail app): confirmed, nobody is logged in.
		const phone = new Visitor(app.origin);
		const opened = await phone.get(new URL(linkIn(second, '/verify/')).pathname);
		expect(await opened.text()).toContain('Your email is confirmed');
		expect(phone.sessionToken).toBeUndefined();
		expect(await (await eve.visitor.get('/home')).text()).not.toContain('Verify your email');
		// Used once: a second opening confirms nothing more, and says so to a stranger.
		expect(
			await (await new Visitor(app.origin).get(new URL(linkIn(second, '/verify/')).pathname)).text()
		).toContain('This link has expired or has already been used');
	});

	it('sends the link again only a few times in a row, with a clear message', async () => {
		const fay = await newcomer(app.origin, app.dbPath, 'Fay');
		const statuses = [];
		for (let i = 0; i < 4; i++)
			statuses.push((await fay.visitor.post('/home?/sendVerification', {})).status);
		expect(statuses).toEqual([200, 200, 200, 429]);
		const refused = await fay.visitor.post('/home?/sendVerification', {});
		expect(await refused.text()).toContain('A link was sent a few moments ago');
		// Nobody else can ask for it: the action works on the asker's own account only.
		expect((await new Visitor(app.origin).post('/home?/sendVerification', {})).status).toBe(303);
	});
});

describe('until the email is confirmed', () => {
	it('an account can log in, but cannot start or join a space', async () => {
		const gil = await newcomer(app.origin, app.dbPath, 'Gil');
		const home = await (await gil.visitor.get('/home')).text();
		expect(home).toContain('Verify your email');
		expect(home).not.toContain('Start a space');
		const start = await gil.visitor.post('/home?/createSpace', {
			name: 'Ours',
			perspective: 'hurt',
			safety: 'yes'
		});
		expect(start.status).toBe(403);
		expect(await start.text()).toContain('Please confirm your email first');

		const { invite } = await createSpace(ada);
		const joinPage = await (await gil.visitor.get(`/join/${invite.token}`)).text();
		expect(joinPage).toContain('Verify your email');
		expect(joinPage).not.toContain('Join space');
		const joining = await gil.visitor.post(`/join/${invite.token}?/join`, {
			perspective: 'caused'
		});
		expect(joining.status).toBe(403);
		expect(await joining.text()).toContain('Please confirm your email first');
		// The invite was not used up: once confirmed, Gil joins with it.
		await gil.visitor.post(`/join/${invite.token}?/sendVerification`, {});
		const mail = await newest('verify_email', gil.email);
		await gil.visitor.get(new URL(linkIn(mail, '/verify/')).pathname);
		expect(
			(await gil.visitor.post(`/join/${invite.token}?/join`, { perspective: 'caused' })).status
		).toBe(303);
		expect(readDb(app.dbPath, 'select role from memberships where user_id = ?', gil.id)).toEqual([
			{ role: 'partner' }
		]);
	});

	it('a reset link for an account nobody confirmed starts a clean one: nothing of whoever made it is kept', async () => {
		// Someone takes an address that is not theirs and cannot confirm it.
		const taker = await newcomer(app.origin, app.dbPath, 'Taker');
		const takenId = taker.id;
		await new Visitor(app.origin).post('/forgot', { email: taker.email });
		const mail = await newest('reset_password', taker.email);
		const path = new URL(linkIn(mail, '/reset/')).pathname;

		// The address's real owner follows the link.
		const owner = new Visitor(app.origin);
		const form = await (await owner.get(path)).text();
		for (const name of ['Display name', 'Account type', 'New password', 'Confirm password'])
			expect(form).toContain(name);
		expect(form).toContain('starts again, clean');
		const missing = await owner.post(path, {
			newPassword: NEW_PASSWORD,
			confirmPassword: NEW_PASSWORD
		});
		expect(missing.status).toBe(400);
		expect(await missing.text()).toContain('Please enter a display name');
		const done = await owner.post(path, {
			displayName: 'Rightful',
			kind: 'partner',
			newPassword: NEW_PASSWORD,
			confirmPassword: NEW_PASSWORD
		});
		expect(done.status).toBe(303);
		expect(done.headers.get('location')).toBe('/login?reset=done');

		// The taker's account, session and all, is gone; the owner's is new and confirmed.
		expect((await taker.visitor.get('/home')).status).toBe(303);
		const rows = readDb<{ id: string; display_name: string; confirmed: number }>(
			app.dbPath,
			'select id, display_name, email_verified_at is not null as confirmed from users where email = ?',
			taker.email
		);
		expect(rows).toHaveLength(1);
		expect(rows[0]!.id).not.toBe(takenId);
		expect(rows[0]).toMatchObject({ display_name: 'Rightful', confirmed: 1 });
		expect(readDb(app.dbPath, 'select * from sessions where user_id = ?', takenId)).toEqual([]);
		expect((await taker.visitor.logIn(taker.email, PASSWORD)).status).toBe(400);
		expect((await owner.logIn(taker.email, NEW_PASSWORD)).status).toBe(303);
		const home = await (await owner.get('/home')).text();
		expect(home).toContain('Welcome, Rightful');
		expect(home).not.toContain('Verify your email');
	});
});

describe('changing email', () => {
	it('changes only once the new address opens its link; the old one is told and can take it back', async () => {
		const hal = await person(app.origin, app.dbPath, 'Hal', 'partner', fromMailbox);
		const newEmail = `hal-new-${Date.now()}@example.com`;
		const wrong = await hal.visitor.post('/account?/changeEmail', {
			newEmail,
			currentPassword: 'not my password'
		});
		expect(wrong.status).toBe(400);
		expect(await wrong.text()).toContain('Your password was not right');

		const asked = await hal.visitor.post('/account?/changeEmail', {
			newEmail: ` ${newEmail.toUpperCase()} `,
			currentPassword: PASSWORD
		});
		expect(asked.status).toBe(200);
		expect(await asked.text()).toContain(`A link is on its way to ${newEmail}`);
		// Nothing changes until the link is opened.
		expect(readDb(app.dbPath, 'select email from users where id = ?', hal.id)).toEqual([
			{ email: hal.email }
		]);
		const confirm = await newest('confirm_new_email', newEmail);
		expect(confirm.subject).toBe('Confirm your new Trellis email');
		const opened = await new Visitor(app.origin).get(new URL(linkIn(confirm, '/email/')).pathname);
		expect(await opened.text()).toContain(`Your account’s email is now ${newEmail}`);
		expect(readDb(app.dbPath, 'select email from users where id = ?', hal.id)).toEqual([
			{ email: newEmail }
		]);
		expect((await new Visitor(app.origin).logIn(newEmail, PASSWORD)).status).toBe(303);
		expect((await new Visitor(app.origin).logIn(hal.email, PASSWORD)).status).toBe(400);

		// The old address is told, and it alone can undo the change.
		const told = await newest('email_changed', hal.email);
		expect(told.text).not.toContain(newEmail);
		const undo = new URL(linkIn(told, '/email/undo/')).pathname;
		const stranger = new Visitor(app.origin);
		expect(await (await stranger.get(undo)).text()).toContain('Put my email back');
		// Opening it changes nothing (a mail scanner may open every link); the button does.
		expect(readDb(app.dbPath, 'select email from users where id = ?', hal.id)).toEqual([
			{ email: newEmail }
		]);
		const back = await stranger.post(undo, {});
		expect(back.status).toBe(303);
		expect(back.headers.get('location')).toBe('/forgot?email=back');
		expect(readDb(app.dbPath, 'select email from users where id = ?', hal.id)).toEqual([
			{ email: hal.email }
		]);
		// Every device is logged out, and the link works once.
		expect((await hal.visitor.get('/account')).status).toBe(303);
		expect(await (await stranger.post(undo, {})).text()).toContain(
			'This link has expired or has already been used'
		);
	});

	it('answers the same for an address that has an account, which gets no mail', async () => {
		const ida = await person(app.origin, app.dbPath, 'Ida', 'partner', fromMailbox);
		const res = await ida.visitor.post('/account?/changeEmail', {
			newEmail: ada.email,
			currentPassword: PASSWORD
		});
		expect(await res.text()).toContain(`A link is on its way to ${ada.email}`);
		expect(
			readDb(
				app.dbPath,
				"select 1 from mail_outbox where to_address = ? and kind = 'confirm_new_email'",
				ada.email
			)
		).toEqual([]);
		const same = await ida.visitor.post('/account?/changeEmail', {
			newEmail: ida.email,
			currentPassword: PASSWORD
		});
		expect(await same.text()).toContain('That is already the email of your account.');
	});

	it('refuses tampered, used and made-up links with a clear page, never a 500', async () => {
		for (const path of [
			'/email/nothing-like-a-link',
			'/email/abcdefghjkmnpqrstuvwxyz2.abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst',
			'/email/undo/nothing-like-a-link'
		]) {
			const res = await new Visitor(app.origin).get(path);
			expect(res.status).toBe(200);
			expect(await res.text()).toContain('This link has expired or has already been used');
		}
		const post = await new Visitor(app.origin).post('/email/undo/nothing-like-a-link', {});
		expect(post.status).toBe(404);
		expect(await post.text()).toContain('This link has expired or has already been used');
	});
});

describe('mail through a crash', () => {
	it('is sent once when the server is killed while sending it', async () => {
		const cy = await person(app.origin, app.dbPath, 'Cy', 'partner', fromMailbox);
		await newest('verify_email', cy.email);
		mailbox.answer(() => 'hold');
		await new Visitor(app.origin).post('/forgot', { email: cy.email });
		await mailbox.holding(1);

		const port = new URL(app.origin).port;
		const exited = new Promise((ok) => app.process.once('exit', ok));
		app.process.kill('SIGKILL');
		await exited;
		mailbox.release(); // the server is gone: the held message was never taken
		mailbox.answer(() => 'accept');
		app = await startApp({ SMTP_URL: mailbox.url, DATABASE_PATH: app.dbPath, PORT: port });

		const mail = await newest('reset_password', cy.email);
		expect(mailbox.received.filter((m) => m.messageId === mail.messageId)).toHaveLength(1);
		const path = new URL(linkIn(mail, '/reset/')).pathname;
		expect(await (await new Visitor(app.origin).get(path)).text()).toContain('Set new password');
		// The sender goes in order: once a later message arrives, this one is recorded as sent.
		await newest(
			'verify_email',
			(await person(app.origin, app.dbPath, 'Dee', 'partner', fromMailbox)).email
		);
		const sent = readDb<{ sent_at: number | null }>(
			app.dbPath,
			"select sent_at from mail_outbox where to_address = ? and kind = 'reset_password'",
			cy.email
		);
		expect(sent).toHaveLength(1);
		expect(sent[0]!.sent_at).not.toBeNull();
	});
});

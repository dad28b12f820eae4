import Database from 'better-sqlite3';
import { dirname, join as joinPath } from 'node:path';
import { expectStatus, PASSWORD, uniqueEmail, Visitor } from './http';
import { linkIn, type Received } from './mailbox';
import { mailFile } from './mail-files';
import { databaseOf } from './app';
import { psqlRows, psqlRun } from './engine';

export interface Person {
	visitor: Visitor;
	email: string;
	id: string;
	name: string;
}

export function userId(dbPath: string, email: string): string {
	const [row] = readDb<{ id: string }>(dbPath, 'select id from users where email = ?', email);
	if (!row) throw new Error(`Nobody has the address ${email}`);
	return row.id;
}

/** Where a server without SMTP, using the database at `dbPath`, writes its mail. */
export function outboxOf(dbPath: string): string {
	return joinPath(dirname(dbPath), 'outbox');
}

/** A message to `email` whose subject matches, from a server writing its mail to files. */
export function mailTo(dbPath: string, email: string, subject: RegExp): Promise<Received> {
	return mailFile(outboxOf(dbPath), (m) => m.to.includes(email) && subject.test(m.subject), email);
}

/** Where a test reads a person's mail: the outbox folder by default, or a test's own mailbox. */
export type MailReader = (email: string, subject: RegExp) => Promise<Received>;

/** Follows the link in the mail a new account is sent, as its owner would. */
export async function confirmEmail(visitor: Visitor, email: string, read: MailReader) {
	const message = await read(email, /^Finish creating/);
	const link = new URL(linkIn(message, '/verify/'));
	const page = await expectStatus(await visitor.get(link.pathname), 200);
	if (!(await page.text()).includes('Your email is confirmed'))
		throw new Error(`the link in the mail to ${email} did not confirm it`);
}

/** Someone who signed up and logged in, but has not confirmed their email. */
export async function newcomer(
	origin: string,
	dbPath: string,
	name: string,
	kind: 'partner' | 'counselor' = 'partner'
): Promise<Person> {
	const visitor = new Visitor(origin);
	const email = uniqueEmail(name.toLowerCase().replace(/[^a-z0-9]+/g, '-'));
	await expectStatus(
		await visitor.signUp({ email, displayName: name, password: PASSWORD, kind }),
		200
	);
	await expectStatus(await visitor.logIn(email, PASSWORD), 303);
	return { visitor, email, id: userId(dbPath, email), name };
}

/** Someone with an account whose email is confirmed, logged in. */
export async function person(
	origin: string,
	dbPath: string,
	name: string,
	kind: 'partner' | 'counselor' = 'partner',
	read: MailReader = (email, subject) => mailTo(dbPath, email, subject)
): Promise<Person> {
	const visitor = new Visitor(origin);
	const email = uniqueEmail(name.toLowerCase().replace(/[^a-z0-9]+/g, '-'));
	await expectStatus(
		await visitor.signUp({ email, displayName: name, password: PASSWORD, kind }),
		200
	);
	await confirmEmail(visitor, email, read);
	await expectStatus(await visitor.logIn(email, PASSWORD), 303);
	return { visitor, email, id: userId(dbPath, email), name };
}

export function inviteFrom(html: string): { token: string; code: string } {
	const token = /\/join\/([a-z0-9]{24})"/.exec(html)?.[1];
	const code = /class="code[^"]*"[^>]*>([A-Z0-9-]{9})</.exec(html)?.[1];
	if (!token || !code) throw new Error('no invite on the page');
	return { token, code };
}

/** A creates a space; returns its id and the partner invite shown once on its page. */
export async function createSpace(a: Person, fields: Record<string, string> = {}) {
	const res = await expectStatus(
		await a.visitor.post('/home?/createSpace', {
			name: 'Our space',
			perspective: 'hurt',
			safety: 'yes',
			...fields
		}),
		303
	);
	const location = res.headers.get('location')!;
	const spaceId = /\/spaces\/([^/]+)/.exec(location)![1]!;
	const page = await expectStatus(await a.visitor.get(`/spaces/${spaceId}`), 200);
	return { spaceId, invite: inviteFrom(await page.text()) };
}

export async function join(p: Person, secret: string, fields: Record<string, string> = {}) {
	return p.visitor.post(`/join/${secret}?/join`, {
		perspective: 'caused',
		safety: 'yes',
		...fields
	});
}

/** The counselor `c` joins through A's invite and is approved by both partners. */
export async function admitCounselor(a: Person, b: Person, c: Person, spaceId: string) {
	const res = await a.visitor.post(`/spaces/${spaceId}/settings?/createInvite`, {
		role: 'counselor'
	});
	const { token } = inviteFrom(await res.text());
	await expectStatus(await join(c, token), 303);
	for (const partner of [a, b])
		await expectStatus(
			await partner.visitor.post(`/spaces/${spaceId}/settings?/approveCounselor`, {
				counselorId: c.id
			}),
			200
		);
}

export interface CoupleOptions {
	names?: { a: string; b: string; c: string };
	/** What B answers when joining (perspective, safety). */
	joining?: Record<string, string>;
}

/** A couple with a space; optionally an approved counselor. */
export async function couple(
	origin: string,
	dbPath: string,
	withCounselor = false,
	options: CoupleOptions = {}
) {
	const names = options.names ?? { a: 'Alma', b: 'Ben', c: 'Cleo' };
	const [a, b, c] = await Promise.all([
		person(origin, dbPath, names.a),
		person(origin, dbPath, names.b),
		withCounselor ? person(origin, dbPath, names.c, 'counselor') : undefined
	]);
	const { spaceId, invite } = await createSpace(a);
	await expectStatus(await join(b, invite.token, options.joining), 303);
	if (c) await admitCounselor(a, b, c, spaceId);
	return { a, b, c, spaceId };
}

const isPostgres = (database: string) => /^postgres(ql)?:\/\//.test(database);

/** A value as SQLite keeps it: times as milliseconds, flags as 1 or 0. */
const asSqliteValue = (value: unknown) =>
	value instanceof Date ? value.getTime() : typeof value === 'boolean' ? Number(value) : value;

/**
 * Rows from the database of the app whose `dbPath` this is, or of a test's own database (its
 * path or URL), with `?` for each value; read as from
 * SQLite on either engine: times as milliseconds, flags as 1 or 0, JSON as its text. Give times
 * as Dates.
 */
export function readDb<T>(dbPath: string, sql: string, ...params: unknown[]): T[] {
	const database = databaseOf(dbPath);
	if (isPostgres(database)) return psqlRows<T>(database, sql, params);
	const sqlite = new Database(dbPath, { readonly: true });
	try {
		return sqlite.prepare(sql).all(...params.map(asSqliteValue)) as T[];
	} finally {
		sqlite.close();
	}
}

/** Changes the database of the app whose `dbPath` this is, behind its back (`?` for each value; times as Dates). */
export function writeDb(dbPath: string, sql: string, ...params: unknown[]): void {
	const database = databaseOf(dbPath);
	if (isPostgres(database)) return psqlRun(database, sql, params);
	const sqlite = new Database(dbPath);
	try {
		sqlite.pragma('busy_timeout = 5000');
		sqlite.prepare(sql).run(...params.map(asSqliteValue));
	} finally {
		sqlite.close();
	}
}

import type { Browser, BrowserContext, BrowserContextOptions, Page } from '@playwright/test';
import type { Received } from '../helpers/mailbox';
import { expectStatus } from '../helpers/http';
import { advanceTo } from '../helpers/journey';
import { clientId } from '../helpers/notes';
import {
	couple,
	createSpace,
	mailTo,
	person,
	readDb,
	type CoupleOptions,
	type Person
} from '../helpers/spaces';

/**
 * Scenes set through the app's own forms over real HTTP (sign-up, spaces, joining, approvals,
 * stages), so a test clicks only what it is about. The browser then gets the same session.
 */
export const origin = `http://127.0.0.1:${process.env.E2E_PORT}`;
const dbPath = () => process.env.E2E_DB!;

/**
 * The message to `email` whose subject matches, as the server wrote it (the end-to-end server has
 * no SMTP server, so it writes each message into `outbox/` beside its database).
 */
export function mailFor(email: string, subject: RegExp): Promise<Received> {
	return mailTo(dbPath(), email, subject);
}

export const NAMES = { a: 'Ari', b: 'Bo', c: 'Cam' };

export function someone(name: string, kind: 'partner' | 'counselor' = 'partner'): Promise<Person> {
	return person(origin, dbPath(), name, kind);
}

/** A browser of `who`'s own, logged in with the session the scene was set with. */
export async function deviceOf(
	browser: Browser,
	who: Person,
	options: BrowserContextOptions = {}
): Promise<Page> {
	return logIn(await browser.newContext(options), who);
}

async function logIn(context: BrowserContext, who: Person): Promise<Page> {
	await context.addCookies([
		{
			name: 'trellis_session',
			value: who.visitor.sessionToken!,
			url: origin,
			httpOnly: true,
			sameSite: 'Lax'
		}
	]);
	return context.newPage();
}

/** Someone alone in a space of their own, with a browser open on it. */
export async function alone(browser: Browser, name: string, options: BrowserContextOptions = {}) {
	const me = await someone(name);
	const { spaceId } = await createSpace(me);
	const page = await deviceOf(browser, me, options);
	const spaceUrl = `${origin}/spaces/${spaceId}`;
	return { me, page, spaceId, spaceUrl };
}

export interface SceneOptions extends CoupleOptions {
	counselor?: boolean;
	/** The stage both partners have reached together. */
	stage?: number;
}

/**
 * A couple in a space (Ari was hurt, Bo caused it), optionally with an approved counselor (Cam),
 * each with a browser of their own showing nothing yet.
 */
export async function scene(browser: Browser, options: SceneOptions = {}) {
	// The browsers start while the scene is being set.
	const contexts = Promise.all(
		Array.from({ length: options.counselor ? 3 : 2 }, () => browser.newContext())
	);
	const people = await couple(origin, dbPath(), options.counselor ?? false, {
		names: NAMES,
		...options
	});
	if (options.stage && options.stage > 1)
		await advanceTo(people.a, people.b, people.spaceId, options.stage);
	const present = [people.a, people.b, people.c].filter((p): p is Person => !!p);
	const [a, b, c] = await Promise.all(
		(await contexts).map((context, i) => logIn(context, present[i]!))
	);
	return {
		people,
		spaceId: people.spaceId,
		spaceUrl: `${origin}/spaces/${people.spaceId}`,
		a: a!,
		b: b!,
		c: c as Page,
		close: async () => {
			await Promise.all([a, b, c].filter((p): p is Page => !!p).map((p) => p.context().close()));
		}
	};
}

export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The counselor assigns the weekly trust check-in, starting `weeksAgo` weeks ago; returns its schedule. */
export async function assignCheckIn(
	counselor: Person,
	spaceId: string,
	weeksAgo = 1
): Promise<string> {
	const fields = {
		clientId: clientId(),
		templateId: 'weekly-trust',
		cadence: 'weekly',
		startDate: isoDay(Date.now() - weeksAgo * 7 * 86_400_000),
		time: '00:00',
		weekday: ''
	};
	await expectStatus(
		await counselor.visitor.post(`/spaces/${spaceId}/checkins?/assign`, fields),
		200
	);
	return readDb<{ id: string }>(
		dbPath(),
		'select id from checkin_schedules where space_id = ? order by created_at desc',
		spaceId
	)[0]!.id;
}

/** A partner's answers to the weekly trust check-in of `day`. */
export async function sendCheckIn(
	p: Person,
	spaceId: string,
	scheduleId: string,
	day: string,
	trust: string,
	helped = '',
	hard = ''
) {
	const fields = { trust, safe: '5', hope: '6', kept: 'Partly', helped, hard };
	await expectStatus(
		await p.visitor.post(`/spaces/${spaceId}/checkins/${scheduleId}/${day}?/submit`, fields),
		303
	);
}

/** `p` starts a live speaker–listener conversation now (and holds the floor); returns its address. */
export async function startConversation(
	p: Person,
	spaceId: string,
	topic = 'How I have been since it came out'
): Promise<string> {
	const fields = { clientId: clientId(), topic, format: 'speaker_listener', when: 'now' };
	const res = await expectStatus(
		await p.visitor.post(`/spaces/${spaceId}/conversations/new`, fields),
		303
	);
	return origin + res.headers.get('location')!;
}

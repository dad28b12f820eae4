import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/suite';
import { couple, createSpace, join, person, readDb, type Person } from '../helpers/spaces';
import { PASSWORD, uniqueEmail, Visitor } from '../helpers/http';
import {
	agreementStep,
	clientId,
	propose,
	share,
	sharedItemIds,
	writeNote
} from '../helpers/notes';
import { advanceTo } from '../helpers/journey';

const { app } = useApp();

/** A page's words as a reader meets them: markup gone, spaces kept as the browser shows them. */
const textOf = (html: string) =>
	html
		.replace(/<(script|style)[\s\S]*?<\/\1>/g, '')
		.replace(/<[^>]*>/g, '')
		.replace(/\s+/g, ' ');

const words = async (p: Person, path: string) => textOf(await (await p.visitor.get(path)).text());

describe('withdrawing right after sharing', () => {
	it('tells only that the copy is withdrawn, not also that it was shared', async () => {
		const { a, spaceId } = await couple(app.origin, app.dbPath);
		await share(a, spaceId, await writeNote(a, spaceId, { body: 'A quiet evening' }), 'partner');
		const [itemId] = await sharedItemIds(a, spaceId);
		// The page still carries ?shared from the share step, as it does when scripts run.
		const res = await a.visitor.post(`/spaces/${spaceId}/shared?shared&/withdraw`, {
			itemId: itemId!
		});
		expect(res.status).toBe(200);
		const text = textOf(await res.text());
		expect(text).toContain('Withdrawn. Nobody else can see it now');
		expect(text).not.toContain('Shared. You can withdraw it here');
	});
});

describe('our journey so far', () => {
	it('numbers the four stages once, keeps rebuilding apart, and ends each line with one mark', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		await advanceTo(a, b, spaceId, 3);
		const html = await (await a.visitor.get(`/spaces/${spaceId}/journey`)).text();
		const stagesList = /<ol class="stages[^"]*">([\s\S]*?)<\/ol>/.exec(html)![1]!;
		expect(stagesList.match(/<li/g)).toHaveLength(4);
		expect(stagesList).not.toContain('Rebuilding');
		const text = textOf(html);
		expect(text).not.toMatch(/\d\. Process feelings/);
		expect(text).toContain('After the four stages: Rebuilding');
		expect(text).toContain('moved on to stage 3: One-off or pattern?');
		expect(text).not.toContain('pattern?.');
		expect(await words(a, `/spaces/${spaceId}/stages/1`)).not.toContain('pattern?.');
	});
});

describe('an agreement’s history', () => {
	it('names each version without a list number in front of it', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const id = await propose(b, spaceId, 'Evening walks');
		await agreementStep(a, spaceId, id, 'accept', { version: '1' });
		const html = await (await a.visitor.get(`/spaces/${spaceId}/agreements/${id}`)).text();
		expect(html).toMatch(/<ul class="history[^"]*">[\s\S]*Version 1/);
		expect(html).not.toMatch(/<ol class="history/);
	});
});

describe('sentences side by side', () => {
	it('keep a space between them wherever one part is added or shown on its own', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const today = new Date().toISOString().slice(0, 10);
		expect(
			(
				await c!.visitor.post(`/spaces/${spaceId}/checkins?/assign`, {
					clientId: clientId(),
					templateId: 'weekly-trust',
					cadence: 'weekly',
					startDate: today,
					time: '00:00',
					weekday: ''
				})
			).status
		).toBe(200);
		const [schedule] = readDb<{ id: string }>(
			app.dbPath,
			'select id from checkin_schedules where space_id = ?',
			spaceId
		);
		const id = await propose(a, spaceId, 'Honesty');
		await agreementStep(b, spaceId, id, 'accept', { version: '1' });
		await agreementStep(a, spaceId, id, 'logKeeping', {
			clientId: clientId(),
			outcome: 'partly',
			note: 'Hesitated on Tuesday.'
		});
		const saved = await c!.visitor.post(`/spaces/${spaceId}/counselor-notes?/save`, {
			clientId: clientId(),
			body: 'A calm session'
		});

		expect(await words(a, `/spaces/${spaceId}/journal/new`)).toContain(
			'Only you can read this. Your words are kept'
		);
		expect(await words(a, `/spaces/${spaceId}/checkins/${schedule!.id}/${today}`)).toContain(
			'A few minutes is enough. What you write'
		);
		expect(await words(a, `/spaces/${spaceId}/agreements/${id}`)).toContain(
			'Hesitated on Tuesday. (only you see this note)'
		);
		expect(await words(c!, '/home')).toMatch(/Next check-in.*\d [AP]M/);
		expect(textOf(await saved.text())).toMatch(/Save note Saved\./);
	});
});

describe('a live conversation in turns, as the counselor sees it', () => {
	it('calls the counselor’s own note theirs and offers the floor only to the partner without it', async () => {
		const { a, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const started = await a.visitor.post(`/spaces/${spaceId}/conversations/new`, {
			clientId: clientId(),
			topic: '',
			ownTopic: 'Sunday evenings',
			format: 'speaker_listener',
			when: 'now'
		});
		expect(started.status).toBe(303);
		const path = started.headers.get('location')!;
		const noted = await c!.visitor.post(`${path}?/act`, {
			clientId: clientId(),
			type: 'note',
			text: 'Take your time, both of you.'
		});
		expect(noted.status).toBe(200);
		const html = await (await c!.visitor.get(path)).text();
		const text = textOf(html);
		expect(text).toContain('Your note, for everyone');
		expect(text).not.toMatch(/Note from you/i);
		const holder = /<strong>(\w+) holds the floor\.<\/strong>/.exec(html)![1]!;
		const offered = [...text.matchAll(/Give the floor to (\w+)/g)].map((m) => m[1]);
		expect(offered).toHaveLength(1);
		expect(offered).not.toContain(holder);
	});
});

describe('an invite link that was already used', () => {
	it('tells a visitor it cannot be used, instead of asking them to make an account', async () => {
		const a = await person(app.origin, app.dbPath, 'Alma');
		const b = await person(app.origin, app.dbPath, 'Ben');
		const { invite } = await createSpace(a);
		const visitor = new Visitor(app.origin);
		const fresh = textOf(await (await visitor.get(`/join/${invite.token}`)).text());
		expect(fresh).toContain('You have been invited to Trellis');

		expect((await join(b, invite.token)).status).toBe(303);
		const used = textOf(await (await visitor.get(`/join/${invite.token}`)).text());
		expect(used).toContain('This invite link can no longer be used');
		expect(used).not.toContain('You have been invited to Trellis');
		expect(used).not.toContain('Create an account');
		expect(used).not.toContain('Our space');
	});
});

describe('the breathing page', () => {
	it('leads back to the page it was opened from, and only to a page of this site', async () => {
		const { a, spaceId } = await couple(app.origin, app.dbPath);
		const stage = `/spaces/${spaceId}/stages/1`;
		const guide = await (await a.visitor.get(stage)).text();
		const link = /href="(\/breathe\?from=[^"]+)"/.exec(guide)![1]!.replace(/&amp;/g, '&');
		expect(decodeURIComponent(link)).toBe(`/breathe?from=${stage}`);
		const opened = await (await a.visitor.get(link)).text();
		expect(opened).toContain(`<a href="${stage}">Back to where you were</a>`);

		for (const elsewhere of ['https://example.com/', '//example.com/', '/\\example.com']) {
			const page = await (
				await new Visitor(app.origin).get(`/breathe?from=${encodeURIComponent(elsewhere)}`)
			).text();
			expect(page).not.toContain('Back to where you were');
			expect(page).not.toContain('example.com');
			expect(page).toContain('Back to Trellis');
		}
	});
});

describe('the landing page', () => {
	it('says what Trellis is: the four stages and what stays private', async () => {
		const text = textOf(await (await new Visitor(app.origin).get('/')).text());
		for (const stage of [
			'Process feelings',
			'Open communication',
			'One-off or pattern?',
			'Continue or step back'
		])
			expect(text).toContain(stage);
		expect(text).toContain('moves on only when both of you say you are ready');
		expect(text).toContain('sees only what you choose to share');
	});
});

describe('before scripts run', () => {
	it('hides the copy button that cannot work, and asks for a time zone at sign-up', async () => {
		const a = await person(app.origin, app.dbPath, 'Alma');
		const { spaceId } = await createSpace(a);
		// The invite is shown once, on the page right after the space is made; a fresh one shows again.
		const again = await a.visitor.post(`/spaces/${spaceId}?/createInvite`, { role: 'partner' });
		expect(await again.text()).toMatch(/<p class="needs-script[^"]*">\s*<button[^>]*>Copy link/);

		const visitor = new Visitor(app.origin);
		const form = await (await visitor.get('/signup')).text();
		expect(form).toMatch(/<label for="field-timeZone">Your time zone<\/label>/);
		expect(form).toMatch(/<select id="field-timeZone" name="timeZone"/);
		expect(form).not.toMatch(/<input type="hidden" name="timeZone"/);

		const email = uniqueEmail('zone');
		const res = await visitor.signUp({
			email,
			displayName: 'Kiran',
			password: PASSWORD,
			timeZone: 'Asia/Kolkata'
		});
		expect(res.status).toBe(200);
		expect(
			readDb<{ time_zone: string }>(
				app.dbPath,
				'select time_zone from users where email = ?',
				email
			)
		).toEqual([{ time_zone: 'Asia/Kolkata' }]);
	});
});

describe('a weekly check-in set with a start in the past', () => {
	it('says so plainly and offers no answer for the days it was not running', async () => {
		const { a, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const dayAgo = (days: number) =>
			new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
		const assigned = await c!.visitor.post(`/spaces/${spaceId}/checkins?/assign`, {
			clientId: clientId(),
			templateId: 'weekly-trust',
			cadence: 'weekly',
			startDate: dayAgo(14),
			time: '00:00',
			weekday: ''
		});
		expect(assigned.status).toBe(200);
		const [schedule] = readDb<{ id: string }>(
			app.dbPath,
			'select id from checkin_schedules where space_id = ?',
			spaceId
		);
		const html = await (await a.visitor.get(`/spaces/${spaceId}/checkins`)).text();
		const answerLink = (day: string) => `/checkins/${schedule!.id}/${day}"`;
		expect(html).toContain(answerLink(dayAgo(0)));
		expect(html).not.toContain(answerLink(dayAgo(7)));
		expect(html).not.toContain(answerLink(dayAgo(14)));
		const text = textOf(html);
		expect(text).toContain('with a start in the past');
		expect(text.match(/Not asked: the check-in was not running on this day\./g)).toHaveLength(2);
	});
});

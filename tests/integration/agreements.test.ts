import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/suite';
import { boxText } from '../helpers/http';
import { nextEvent } from '../helpers/sockets';
import { couple, readDb, type Person } from '../helpers/spaces';
import { agreementStep, clientId, propose } from '../helpers/notes';

const { app, socketFor: socketOf } = useApp();
const socketFor = (p: Person) => socketOf(p.visitor);

const versions = (agreementId: string) =>
	readDb<{ number: number; state: string; proposed_by: string; decided_by: string | null }>(
		app.dbPath,
		'select number, state, proposed_by, decided_by from agreement_versions where agreement_id = ? order by number',
		agreementId
	);

describe('agreements', () => {
	it('needs the other partner to accept; the proposer cannot', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const id = await propose(a, spaceId, 'Sunday talks');
		const own = await agreementStep(a, spaceId, id, 'accept', { version: '1' });
		expect(own.status).toBe(409);
		expect(await own.text()).toContain('waiting for your partner to answer');
		const sa = await socketFor(a);
		const told = nextEvent(sa, 'space:changed');
		expect((await agreementStep(b, spaceId, id, 'accept', { version: '1' })).status).toBe(200);
		await told;
		expect((await agreementStep(b, spaceId, id, 'accept', { version: '1' })).status).toBe(200); // a repeat changes nothing
		expect(versions(id)).toEqual([
			{ number: 1, state: 'active', proposed_by: a.id, decided_by: b.id }
		]);
		const page = await (await a.visitor.get(`/spaces/${spaceId}/agreements/${id}`)).text();
		expect(page).toContain('In force');
		expect(page).toContain('by Ben');
	});

	it('proposes once however often the form is sent', async () => {
		const { a, spaceId } = await couple(app.origin, app.dbPath);
		const fields = {
			clientId: clientId(),
			title: 'Phone calls',
			details: 'I call when I am late',
			forWhom: 'me'
		};
		const first = await a.visitor.post(`/spaces/${spaceId}/agreements/new`, fields);
		const second = await a.visitor.post(`/spaces/${spaceId}/agreements/new`, fields);
		expect(second.headers.get('location')).toBe(first.headers.get('location'));
		expect(readDb(app.dbPath, 'select * from agreements where space_id = ?', spaceId)).toHaveLength(
			1
		);
	});

	it('refuses incomplete terms clearly', async () => {
		const { a, spaceId } = await couple(app.origin, app.dbPath);
		const res = await a.visitor.post(`/spaces/${spaceId}/agreements/new`, {
			clientId: clientId(),
			title: '',
			details: 'Something',
			forWhom: 'us',
			reviewOn: '2027-02-31x'
		});
		expect(res.status).toBe(400);
		const html = await res.text();
		expect(html).toContain('Please give the agreement a short title.');
		expect(html).toContain('Please choose who this is for.');
		expect(html).toContain('Please give a date like 2027-03-31.');
	});

	it('turns a suggested change into a new proposal, and a decline keeps its note', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const id = await propose(a, spaceId, 'Evenings');
		const change = {
			version: '1',
			title: 'Evenings',
			details: 'Two evenings a week',
			forWhom: 'both'
		};
		expect(
			(await b.visitor.post(`/spaces/${spaceId}/agreements/${id}/change`, change)).status
		).toBe(303);
		expect(
			(await b.visitor.post(`/spaces/${spaceId}/agreements/${id}/change`, change)).status
		).toBe(303);
		expect(versions(id).map((v) => [v.number, v.state])).toEqual([
			[1, 'replaced'],
			[2, 'proposed']
		]);
		expect(
			(await agreementStep(a, spaceId, id, 'decline', { version: '2', note: 'Let us talk first' }))
				.status
		).toBe(200);
		expect(await (await b.visitor.get(`/spaces/${spaceId}/agreements/${id}`)).text()).toContain(
			'Let us talk first'
		);
	});

	it('keeps a version in force until its change is accepted, with full history', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const id = await propose(a, spaceId, 'Messages');
		await agreementStep(b, spaceId, id, 'accept', { version: '1' });
		const revise = {
			version: '1',
			title: 'Messages',
			details: 'I answer within the hour',
			forWhom: 'you'
		};
		expect(
			(await b.visitor.post(`/spaces/${spaceId}/agreements/${id}/change`, revise)).status
		).toBe(303);
		expect(versions(id).map((v) => v.state)).toEqual(['active', 'proposed']);
		expect((await agreementStep(a, spaceId, id, 'accept', { version: '2' })).status).toBe(200);
		expect(versions(id).map((v) => v.state)).toEqual(['superseded', 'active']);
		// "You" from Ben's side is Alma: the page says so to each of them.
		expect(await (await a.visitor.get(`/spaces/${spaceId}/agreements/${id}`)).text()).toMatch(
			/Applies to<\/dt>\s*<dd[^>]*>You</
		);
	});

	it('sends no change written for a version that has come or gone since, and keeps its words', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const id = await propose(a, spaceId, 'Messages');
		await agreementStep(b, spaceId, id, 'accept', { version: '1' });
		// Alma opens "change" on version 1; meanwhile Ben proposes a change of his own.
		const almaWrites = {
			version: '1',
			title: 'Messages',
			details: 'Alma wrote this',
			forWhom: 'both'
		};
		expect(
			(
				await b.visitor.post(`/spaces/${spaceId}/agreements/${id}/change`, {
					...almaWrites,
					details: 'Ben wrote this'
				})
			).status
		).toBe(303);
		const late = await a.visitor.post(`/spaces/${spaceId}/agreements/${id}/change`, almaWrites);
		expect(late.status).toBe(409);
		const page = await late.text();
		expect(page).toContain('This agreement changed while you were writing.');
		expect(boxText(page, 'details')).toBe('Alma wrote this');
		expect(versions(id).map((v) => v.state)).toEqual(['active', 'proposed']);

		// Alma now answers Ben's version 2 with a suggestion; Ben withdraws it first.
		const suggestion = { ...almaWrites, version: '2' };
		expect((await agreementStep(b, spaceId, id, 'withdrawProposal', { version: '2' })).status).toBe(
			200
		);
		expect(
			(await a.visitor.post(`/spaces/${spaceId}/agreements/${id}/change`, suggestion)).status
		).toBe(409);
		expect(versions(id).map((v) => v.state)).toEqual(['active', 'withdrawn']);
		// Sent again from the page as it is now (version 1 in force), it goes as her own change;
		// sent twice, it goes once.
		expect(
			(await a.visitor.post(`/spaces/${spaceId}/agreements/${id}/change`, almaWrites)).status
		).toBe(303);
		expect(
			(await a.visitor.post(`/spaces/${spaceId}/agreements/${id}/change`, almaWrites)).status
		).toBe(303);
		expect(versions(id).map((v) => v.state)).toEqual(['active', 'withdrawn', 'proposed']);
		// A different change from an older page, while her own waits: refused, and her words shown.
		const other = await a.visitor.post(`/spaces/${spaceId}/agreements/${id}/change`, {
			...almaWrites,
			details: 'Written in another tab'
		});
		expect(other.status).toBe(409);
		const otherPage = await other.text();
		expect(otherPage).toContain('Nothing to change right now');
		expect(otherPage).toContain('Written in another tab');
		expect(versions(id).map((v) => v.state)).toEqual(['active', 'withdrawn', 'proposed']);
	});

	it('retires only when both agree', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const id = await propose(a, spaceId, 'Old promise');
		await agreementStep(b, spaceId, id, 'accept', { version: '1' });
		expect((await agreementStep(a, spaceId, id, 'requestRetire')).status).toBe(200);
		expect((await agreementStep(a, spaceId, id, 'acceptRetire')).status).toBe(409);
		expect((await agreementStep(b, spaceId, id, 'acceptRetire')).status).toBe(200);
		const [row] = readDb<{ retired_by: string }>(
			app.dbPath,
			'select retired_by from agreements where id = ?',
			id
		);
		expect(row!.retired_by).toBe(b.id);
	});

	it('keeps a keeping note private unless shared; counselors see outcomes and shared notes only', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const id = await propose(a, spaceId, 'Honesty');
		await agreementStep(b, spaceId, id, 'accept', { version: '1' });
		const log = (p: Person, outcome: string, note: string, shared: boolean) =>
			agreementStep(p, spaceId, id, 'logKeeping', {
				clientId: clientId(),
				outcome,
				note,
				...(shared ? { noteShared: 'yes' } : {})
			});
		expect((await log(a, 'kept', 'private keeping thought', false)).status).toBe(200);
		expect((await log(b, 'partly', 'shared keeping thought', true)).status).toBe(200);
		const fields = { clientId: clientId(), outcome: 'kept', note: '' };
		await agreementStep(a, spaceId, id, 'logKeeping', fields);
		await agreementStep(a, spaceId, id, 'logKeeping', fields);
		expect(
			readDb(app.dbPath, 'select * from keeping_logs where agreement_id = ?', id)
		).toHaveLength(3);

		const forA = await (await a.visitor.get(`/spaces/${spaceId}/agreements/${id}`)).text();
		const forB = await (await b.visitor.get(`/spaces/${spaceId}/agreements/${id}`)).text();
		const forC = await (await c!.visitor.get(`/spaces/${spaceId}/agreements/${id}`)).text();
		expect(forA).toContain('private keeping thought');
		for (const html of [forB, forC]) {
			expect(html).not.toContain('private keeping thought');
			expect(html).toContain('shared keeping thought');
			expect(html).toContain('Partly kept');
		}
		expect(forC).not.toContain('Log it');
		const chart = await (await c!.visitor.get(`/spaces/${spaceId}/agreements`)).text();
		expect(chart).toContain('How agreements were kept, week by week');
	});

	it('lets only the two partners act; a counselor and outsiders are refused', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const other = await couple(app.origin, app.dbPath);
		const id = await propose(a, spaceId, 'Only us');
		expect(
			(
				await c!.visitor.post(`/spaces/${spaceId}/agreements/new`, {
					clientId: clientId(),
					title: 'x',
					details: 'y',
					forWhom: 'both'
				})
			).status
		).toBe(403);
		expect((await agreementStep(c!, spaceId, id, 'accept', { version: '1' })).status).toBe(403);
		expect((await agreementStep(other.b, spaceId, id, 'accept', { version: '1' })).status).toBe(
			404
		);
		// An agreement id from another space is not found through this one.
		expect(
			(await agreementStep(other.b, other.spaceId, id, 'accept', { version: '1' })).status
		).toBe(404);
		expect(versions(id).map((v) => v.state)).toEqual(['proposed']);
		// The partner it waits for is told so; the counselor reads along, and nothing waits for them.
		expect(await (await b.visitor.get(`/spaces/${spaceId}`)).text()).toContain(
			'An agreement is waiting for your answer: Only us'
		);
		for (const path of [
			`/spaces/${spaceId}`,
			`/spaces/${spaceId}/agreements`,
			`/spaces/${spaceId}/agreements/${id}`
		])
			expect(await (await c!.visitor.get(path)).text(), path).not.toMatch(
				/waiting for your answer/i
			);
	});
});

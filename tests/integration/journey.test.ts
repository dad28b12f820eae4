import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers/suite';
import { nextEvent } from '../helpers/sockets';
import { couple, person, readDb, type Person } from '../helpers/spaces';
import { recordEvents } from '../helpers/notes';
import {
	advanceTo,
	answers,
	choose,
	pageShape,
	stageStep,
	submitAnswers
} from '../helpers/journey';
import { boxText, isTicked, Visitor } from '../helpers/http';
import { alike } from '../helpers/alike';

const { app, socketFor: socketOf } = useApp();
const socketFor = (p: Person) => socketOf(p.visitor);

const stageOf = (spaceId: string) =>
	readDb<{ stage: number; status: string; closed_reason: string | null }>(
		app.dbPath,
		'select stage, status, closed_reason from spaces where id = ?',
		spaceId
	)[0]!;
const events = (spaceId: string) =>
	readDb<{
		kind: string;
		from_stage: number;
		to_stage: number;
		actor_id: string;
		outcome: string | null;
	}>(
		app.dbPath,
		'select kind, from_stage, to_stage, actor_id, outcome from journey_events where space_id = ? order by at',
		spaceId
	);
/** A page as it reads: runs of white space (how the markup is laid out) count as one space. */
const text = async (p: Person, path: string) =>
	(await (await p.visitor.get(path)).text()).replace(/\s+/g, ' ');

/**
 * Reaching a stage greets each partner once, on their next full page load. Seen here first, so
 * that pages compared before and after something happens differ only by what happened.
 */
async function greeted(b: Person, c: Person, spaceId: string) {
	for (const p of [b, c]) await p.visitor.get(`/spaces/${spaceId}`);
}

describe('readiness', () => {
	it('moves the space on only when both are ready, tells both devices at once, and starts the next stage afresh', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const [sa, sb] = [await socketFor(a), await socketFor(b)];

		const toldB = nextEvent(sb, 'space:changed');
		expect((await stageStep(a, spaceId, 1, 'ready')).status).toBe(200);
		await toldB;
		expect(stageOf(spaceId).stage).toBe(1);
		expect(await text(b, `/spaces/${spaceId}/stages/1`)).toContain('Alma is ready to move on.');
		expect(await text(a, `/spaces/${spaceId}`)).toContain('You are ready to move on.');

		const both = Promise.all([nextEvent(sa, 'space:changed'), nextEvent(sb, 'space:changed')]);
		const second = await stageStep(b, spaceId, 1, 'ready');
		expect(second.status).toBe(303);
		expect(second.headers.get('location')).toBe(`/spaces/${spaceId}/stages/2`);
		await both;
		expect(stageOf(spaceId).stage).toBe(2);
		expect(events(spaceId)).toEqual([
			{ kind: 'advanced', from_stage: 1, to_stage: 2, actor_id: b.id, outcome: null }
		]);
		// Readiness belonged to stage 1.
		const page = await text(a, `/spaces/${spaceId}/stages/2`);
		expect(page).toContain('You are not ready yet.');
		expect(page).toContain('Ben is not ready yet.');
		expect(page).toContain("I'm ready to move on");
		const timeline = await text(b, `/spaces/${spaceId}/journey`);
		expect(timeline).toContain(
			'Both of you were ready, so the space moved on to stage 2: Open communication.'
		);
	});

	it('can be taken back, and repeated or stale clicks do no harm', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		expect((await stageStep(a, spaceId, 1, 'ready')).status).toBe(200);
		expect((await stageStep(a, spaceId, 1, 'ready')).status).toBe(200);
		expect((await stageStep(a, spaceId, 1, 'unready')).status).toBe(200);
		expect((await stageStep(a, spaceId, 1, 'unready')).status).toBe(200);
		expect(await text(a, `/spaces/${spaceId}/stages/1`)).toContain('You are not ready yet.');
		// B alone is not enough.
		expect((await stageStep(b, spaceId, 1, 'ready')).status).toBe(200);
		expect(stageOf(spaceId).stage).toBe(1);
		// A page left open on another stage cannot mark readiness for the wrong one.
		const stale = await stageStep(a, spaceId, 2, 'ready');
		expect(stale.status).toBe(409);
		expect(await stale.text()).toContain(
			'The space has moved on to another stage since this page was opened'
		);
		expect(
			readDb(app.dbPath, 'select * from stage_readiness where space_id = ?', spaceId)
		).toHaveLength(1);
	});

	it('needs two partners; counselors, outsiders and visitors cannot move anything', async () => {
		const alone = await person(app.origin, app.dbPath, 'Solo');
		const res = await alone.visitor.post('/home?/createSpace', {
			name: '',
			perspective: 'mutual',
			safety: 'yes'
		});
		const soloSpace = /\/spaces\/([^/]+)/.exec(res.headers.get('location')!)![1]!;
		expect((await stageStep(alone, soloSpace, 1, 'ready')).status).toBe(403);

		const { a, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const outsider = await person(app.origin, app.dbPath, 'Omar');
		expect((await stageStep(c!, spaceId, 1, 'ready')).status).toBe(403);
		expect((await stageStep(outsider, spaceId, 1, 'ready')).status).toBe(404);
		const anonymous = await new Visitor(app.origin).post(`/spaces/${spaceId}/stages/1?/ready`, {});
		expect(anonymous.status).toBe(303);
		expect(anonymous.headers.get('location')).toContain('/login');
		expect((await outsider.visitor.get(`/spaces/${spaceId}/stages/1`)).status).toBe(404);
		expect((await outsider.visitor.get(`/spaces/${spaceId}/journey`)).status).toBe(404);
		expect((await a.visitor.get(`/spaces/${spaceId}/stages/9`)).status).toBe(404);
		expect((await a.visitor.get(`/spaces/${spaceId}/stages/two`)).status).toBe(404);
		// The counselor follows along without controls.
		const seen = await text(c!, `/spaces/${spaceId}/stages/1`);
		expect(seen).toContain('Alma is not ready yet.');
		expect(seen).not.toContain('ready to move on</button>');
		expect(stageOf(spaceId).stage).toBe(1);
	});
});

describe('going back', () => {
	it('first says what will happen and asks, and moves nobody until it is confirmed', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		await advanceTo(a, b, spaceId, 3);
		const asked = await stageStep(b, spaceId, 1, 'back');
		expect(asked.status).toBe(200);
		const question = (await asked.text()).replace(/<[^>]*>/g, '').replace(/\s+/g, ' ');
		expect(question).toContain('Go back to stage 1?');
		expect(question).toContain('It moves for both of you');
		expect(question).toContain('Yes, go back');
		expect(stageOf(spaceId).stage).toBe(3);
		expect((await stageStep(b, spaceId, 1, 'back', { confirmed: 'no' })).status).toBe(200);
		expect(stageOf(spaceId).stage).toBe(3);

		expect((await stageStep(b, spaceId, 1, 'back', { confirmed: 'yes' })).status).toBe(200);
		expect(stageOf(spaceId).stage).toBe(1);
	});

	it('needs no permission, clears readiness, and tells the other kindly', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		await advanceTo(a, b, spaceId, 3);
		expect((await stageStep(a, spaceId, 3, 'ready')).status).toBe(200);
		const sa = await socketFor(a);
		const told = nextEvent(sa, 'space:changed');
		expect((await stageStep(b, spaceId, 1, 'back', { confirmed: 'yes' })).status).toBe(200);
		await told;
		expect(stageOf(spaceId).stage).toBe(1);
		expect(readDb(app.dbPath, 'select * from stage_readiness where space_id = ?', spaceId)).toEqual(
			[]
		);
		expect(events(spaceId).at(-1)).toEqual({
			kind: 'moved_back',
			from_stage: 3,
			to_stage: 1,
			actor_id: b.id,
			outcome: null
		});
		const page = await text(a, `/spaces/${spaceId}/stages/1`);
		expect(page).toContain('Ben brought the space back to this stage');
		expect(page).toContain('nothing either of you wrote is lost');
		expect(await text(a, `/spaces/${spaceId}`)).toContain(
			'Ben brought the space back to this stage'
		);
		// The one who went back is not told about themselves.
		expect(await text(b, `/spaces/${spaceId}/stages/1`)).not.toContain('brought the space back');
		// Going back again to where it already is changes nothing; forwards is not "back".
		expect((await stageStep(b, spaceId, 1, 'back', { confirmed: 'yes' })).status).toBe(200);
		const forwards = await stageStep(b, spaceId, 2, 'back', { confirmed: 'yes' });
		expect(forwards.status).toBe(409);
		expect(await forwards.text()).toContain('You can only go back to an earlier stage.');
		expect(events(spaceId).filter((e) => e.kind === 'moved_back')).toHaveLength(1);
	});
});

describe('going back from stage 4', () => {
	const pages = [
		'',
		'/__data.json',
		'/stages/3',
		'/stages/3/__data.json',
		'/stages/4',
		'/stages/4/__data.json',
		'/journey',
		'/journey/__data.json'
	];

	it('keeps a sealed choice for its author, set aside, and tells nobody else anything, not even whether there was one', async () => {
		// Two couples alike, except that in X Alma has sealed a choice when Ben goes back.
		const [x, y] = await Promise.all([
			couple(app.origin, app.dbPath, true),
			couple(app.origin, app.dbPath, true)
		]);
		await Promise.all([advanceTo(x.a, x.b, x.spaceId, 4), advanceTo(y.a, y.b, y.spaceId, 4)]);
		const note = `set-aside-${process.pid}-${Date.now().toString(36)}`;
		expect((await choose(x.a, x.spaceId, 'step_back', note)).status).toBe(200);

		const listen = async (s: typeof x) => {
			const [sb, sc] = [await socketFor(s.b), await socketFor(s.c!)];
			const heard = [recordEvents(sb), recordEvents(sc)];
			const told = Promise.all([nextEvent(sb, 'space:changed'), nextEvent(sc, 'space:changed')]);
			expect((await stageStep(s.b, s.spaceId, 3, 'back', { confirmed: 'yes' })).status).toBe(200);
			await told;
			return heard;
		};
		const [heardX, heardY] = [await listen(x), await listen(y)];
		const seenBy = async (s: typeof x, p: Person, paths: string[]) =>
			Promise.all(
				paths.map(async (path) =>
					alike(await pageShape(p, `/spaces/${s.spaceId}${path}`), s.spaceId, [s.a, s.b, s.c!])
				)
			);
		const exports = ['/export', '/export.json'];

		// Ben, who went back, and the counselor: every page, copy and event the same in both spaces.
		expect(await seenBy(x, x.b, [...pages, ...exports])).toEqual(
			await seenBy(y, y.b, [...pages, ...exports])
		);
		expect(await seenBy(x, x.c!, pages)).toEqual(await seenBy(y, y.c!, pages));
		// The comparison can tell a difference: Alma's own pages do differ.
		expect(await seenBy(x, x.a, pages)).not.toEqual(await seenBy(y, y.a, pages));
		expect(heardX.map((h) => alike(JSON.stringify(h), x.spaceId, [x.a, x.b, x.c!]))).toEqual(
			heardY.map((h) => alike(JSON.stringify(h), y.spaceId, [y.a, y.b, y.c!]))
		);
		const told = (s: typeof x, p: Person) =>
			readDb<{ kind: string }>(
				app.dbPath,
				'select kind from notifications where user_id = ? and space_id = ? order by created_at',
				p.id,
				s.spaceId
			);
		expect(told(x, x.b)).toEqual(told(y, y.b));
		expect(told(x, x.c!)).toEqual(told(y, y.c!));

		// Nothing is lost: Alma alone is told, and reads what she had chosen and written.
		expect(
			readDb(
				app.dbPath,
				'select choice, note from stage_choices where space_id = ? and set_aside_at is not null',
				x.spaceId
			)
		).toEqual([{ choice: 'step_back', note }]);
		const aside = await text(x.a, `/spaces/${x.spaceId}/stages/4`);
		expect(aside).toContain(
			'Your sealed choice was set aside because the space went back a stage; you can seal it again once the space is back at this stage.'
		);
		expect(aside).toContain('You had chosen: Step back');
		expect(aside).toContain(note);
		expect(await text(x.a, `/spaces/${x.spaceId}`)).toContain(
			'Your sealed choice was set aside because the space went back a stage; you can seal it again once the space is back at stage 4.'
		);
		for (const path of ['', '/stages/4'])
			expect(await text(y.a, `/spaces/${y.spaceId}${path}`)).not.toContain('set aside');
		const copy = JSON.parse(await text(x.a, `/spaces/${x.spaceId}/export.json`));
		expect(copy.journey).toMatchObject({
			mySealedChoice: null,
			mySetAsideChoice: { choice: 'Step back', note }
		});

		// Back in stage 4 it does not count: Ben choosing alone reveals nothing.
		await advanceTo(x.a, x.b, x.spaceId, 4, 3);
		const form = await (await x.a.visitor.get(`/spaces/${x.spaceId}/stages/4`)).text();
		expect(form.replace(/\s+/g, ' ')).toContain(
			'Your sealed choice was set aside because the space went back a stage; you can seal it again.'
		);
		expect(isTicked(form, 'choice', 'step_back')).toBe(true);
		expect(boxText(form, 'note')).toBe(note);
		expect((await choose(x.b, x.spaceId, 'continue')).status).toBe(200);
		expect(events(x.spaceId).filter((e) => e.kind === 'revealed')).toEqual([]);
		expect(await text(x.b, `/spaces/${x.spaceId}/stages/4`)).toContain(
			'You have chosen; both choices are shown together once both of you have chosen.'
		);
		// Sealed again, it counts, and both are shown.
		expect((await choose(x.a, x.spaceId, 'continue', note)).status).toBe(200);
		expect(stageOf(x.spaceId)).toMatchObject({ stage: 5, status: 'active' });
		expect(
			readDb(
				app.dbPath,
				'select * from stage_choices where set_aside_at is not null and space_id = ?',
				x.spaceId
			)
		).toEqual([]);
		expect(await text(x.b, `/spaces/${x.spaceId}/stages/4`)).toContain(note);
	});
});

describe('stage 3: one-off or pattern?', () => {
	const secretA = `a-sealed-${process.pid}-${Date.now().toString(36)}`;
	const secretB = `b-sealed-${process.pid}-${Date.now().toString(36)}`;

	it('keeps drafts and sealed answers from everyone until both are in, then shows both side by side', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		const notYet = await submitAnswers(
			a,
			spaceId,
			answers(() => 'not_sure')
		);
		expect(notYet.status).toBe(409);
		expect(await notYet.text()).toContain('These questions open in stage 3.');
		await advanceTo(a, b, spaceId, 3);
		const [sa, sb, sc] = [await socketFor(a), await socketFor(b), await socketFor(c!)];
		const heardByB = recordEvents(sb);
		const heardByC = recordEvents(sc);
		const watched = ['/assessment', '/assessment/__data.json', '/stages/3', '', '/journey'];
		const shapes = (p: Person) =>
			Promise.all(watched.map((path) => pageShape(p, `/spaces/${spaceId}${path}`)));
		await greeted(b, c!, spaceId);
		const [bBefore, cBefore] = [await shapes(b), await shapes(c!)];

		expect(
			(
				await a.visitor.post(`/spaces/${spaceId}/assessment?/saveDraft`, {
					draftKey: 'assessment',
					duration: 'months',
					'duration-detail': `draft ${secretA}`
				})
			).status
		).toBe(200);
		expect(await text(a, `/spaces/${spaceId}/assessment`)).toContain(`draft ${secretA}`);

		const incomplete = await submitAnswers(a, spaceId, {
			duration: 'months',
			'duration-detail': `kept ${secretA}`
		});
		expect(incomplete.status).toBe(400);
		const refused = await incomplete.text();
		expect(refused).toContain('Please choose an answer. "I am not sure" is an answer too.');
		expect(refused).toContain(`kept ${secretA}`); // what was typed comes back

		const toldA = nextEvent(sa, 'space:changed');
		const submitted = await submitAnswers(
			a,
			spaceId,
			answers((id) => (id === 'belief' ? 'pattern' : 'not_sure'), secretA)
		);
		expect(submitted.status).toBe(200);
		await toldA;
		// Sealed: unchangeable, and a second submission is harmless.
		expect(
			(
				await submitAnswers(
					a,
					spaceId,
					answers(() => 'not_sure', 'changed')
				)
			).status
		).toBe(200);
		const late = await a.visitor.post(`/spaces/${spaceId}/assessment?/saveDraft`, {
			draftKey: 'assessment',
			duration: 'once'
		});
		expect(late.status).toBe(409);
		const own = await text(a, `/spaces/${spaceId}/assessment`);
		expect(own).toContain('Your answers are sealed');
		expect(own).toContain(`belief: ${secretA}`);
		expect(own).not.toContain('changed');

		// Nothing of it reaches B or the counselor, by any page or data endpoint.
		for (const [who, p] of [
			['B', b],
			['counselor', c!]
		] as const) {
			for (const path of [
				'/assessment',
				'/assessment/__data.json',
				'/stages/3',
				'/stages/3/__data.json',
				'',
				'/__data.json',
				'/journey',
				'/export',
				'/export.json'
			]) {
				const body = await text(p, `/spaces/${spaceId}${path}`);
				expect(body, `${who} ${path}`).not.toContain(secretA);
			}
		}
		// Not even whether A has started or submitted shows anywhere.
		expect(await shapes(b)).toEqual(bBefore);
		expect(await shapes(c!)).toEqual(cBefore);
		expect(heardByB).toEqual([]);
		expect(heardByC).toEqual([]);

		// B submits: every device in the space hears of it at the same moment.
		const everyone = Promise.all([sa, sb, sc].map((s) => nextEvent(s, 'space:changed')));
		expect(
			(
				await submitAnswers(
					b,
					spaceId,
					answers((id) => (id === 'belief' ? 'one_off' : 'not_sure'), secretB)
				)
			).status
		).toBe(200);
		await everyone;
		for (const p of [a, b, c!]) {
			const page = await text(p, `/spaces/${spaceId}/assessment`);
			expect(page).toContain(secretA);
			expect(page).toContain(secretB);
			expect(page).toContain('The same answer to 7 of 8 questions.');
			expect(page).toContain('Different answers');
			expect(page).toContain('How agreements have been kept');
		}
		const forA = await text(a, `/spaces/${spaceId}/assessment`);
		expect(forA.indexOf('Part of a pattern')).toBeLessThan(forA.indexOf('A one-off'));
		const forC = await text(c!, `/spaces/${spaceId}/assessment`);
		expect(forC).toContain('Alma');
		expect(forC).toContain('Ben');
	});

	it('shows nothing to an outsider or a logged-out visitor', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		await advanceTo(a, b, spaceId, 3);
		await submitAnswers(
			a,
			spaceId,
			answers(() => 'not_sure', secretA)
		);
		await submitAnswers(
			b,
			spaceId,
			answers(() => 'not_sure', secretB)
		);
		const outsider = await person(app.origin, app.dbPath, 'Olga');
		for (const visitor of [outsider.visitor, new Visitor(app.origin)]) {
			const res = await visitor.get(`/spaces/${spaceId}/assessment`);
			expect([303, 404]).toContain(res.status);
			expect(await res.text()).not.toContain(secretA);
		}
		const hostile = await submitAnswers(
			outsider,
			spaceId,
			answers(() => 'not_sure')
		);
		expect(hostile.status).toBe(404);
	});
});

describe('stage 4: continue or step back', () => {
	it('reveals once when both partners choose at the same moment, however many couples do', async () => {
		const couples = await Promise.all([1, 2, 3].map(() => couple(app.origin, app.dbPath)));
		await Promise.all(couples.map((s) => advanceTo(s.a, s.b, s.spaceId, 4)));
		const answered = await Promise.all(
			couples.flatMap((s) => [s.a, s.b].map((p) => choose(p, s.spaceId, 'continue')))
		);
		expect(answered.map((r) => r.status === 200 || r.status === 303)).toEqual(
			answered.map(() => true)
		);
		for (const s of couples) {
			const revealed = events(s.spaceId).filter((e) => e.kind === 'revealed');
			expect(revealed.map((e) => e.outcome)).toEqual(['rebuilding']);
			expect(stageOf(s.spaceId).stage).toBe(5);
		}
	});

	const noteA = `a-note-${process.pid}-${Date.now().toString(36)}`;
	const noteB = `b-note-${process.pid}-${Date.now().toString(36)}`;

	it('tells nobody anything of a sealed choice, not even that it was made; reveals both to both at once', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		await advanceTo(a, b, spaceId, 4);
		const [sa, sb, sc] = [await socketFor(a), await socketFor(b), await socketFor(c!)];
		const pages = [
			'/stages/4',
			'/stages/4/__data.json',
			'',
			'/__data.json',
			'/journey',
			'/journey/__data.json'
		];
		const before = async (p: Person) =>
			Promise.all(pages.map((path) => pageShape(p, `/spaces/${spaceId}${path}`)));
		await greeted(b, c!, spaceId);
		const bBefore = await before(b);
		const cBefore = await before(c!);
		const heardByB = recordEvents(sb);
		const heardByC = recordEvents(sc);

		const ownDevice = nextEvent(sa, 'space:changed');
		expect((await choose(a, spaceId, 'continue', `first ${noteA}`)).status).toBe(200);
		await ownDevice;
		// A changes their mind before the reveal.
		expect((await choose(a, spaceId, 'more_time', noteA)).status).toBe(200);
		expect(await text(a, `/spaces/${spaceId}/stages/4`)).toContain(
			'You have chosen; both choices are shown together once both of you have chosen.'
		);
		expect(await text(a, `/spaces/${spaceId}`)).toContain(
			'You have chosen; both choices are shown together once both of you have chosen.'
		);
		expect(await text(b, `/spaces/${spaceId}`)).toContain(
			'Each of you chooses privately: continue, step back, or take more time.'
		);

		// For B and the counselor, every page is exactly as it was, and no event arrived.
		expect(await before(b)).toEqual(bBefore);
		expect(await before(c!)).toEqual(cBefore);
		expect(heardByB).toEqual([]);
		expect(heardByC).toEqual([]);
		expect(await text(b, `/spaces/${spaceId}/export.json`)).not.toContain(noteA);
		// A's own copy, printable, keeps A's own sealed choice.
		const copy = await text(a, `/spaces/${spaceId}/export`);
		expect(copy).toContain('My choice, still sealed');
		expect(copy).toContain(noteA);
		expect(await text(b, `/spaces/${spaceId}/export`)).not.toContain(noteA);

		const bothDevices = Promise.all([
			nextEvent(sa, 'space:changed'),
			nextEvent(sb, 'space:changed')
		]);
		expect((await choose(b, spaceId, 'continue', noteB)).status).toBe(200);
		await bothDevices;
		for (const p of [a, b]) {
			const page = await text(p, `/spaces/${spaceId}/stages/4`);
			expect(page).toContain(noteA);
			expect(page).toContain(noteB);
			expect(page).not.toContain(`first ${noteA}`);
			expect(page).toContain('More time was asked for.');
		}
		expect(await text(a, `/spaces/${spaceId}/stages/4`)).toContain('Ben chose: Continue');
		expect(await text(b, `/spaces/${spaceId}/stages/4`)).toContain('Alma chose: I need more time');
		// The counselor learns the outcome, never who chose what or the notes.
		const forC = await text(c!, `/spaces/${spaceId}/stages/4`);
		expect(forC).toContain('More time was asked for.');
		expect(forC).not.toContain(noteA);
		expect(forC).not.toContain('chose: ');
		expect(stageOf(spaceId)).toMatchObject({ stage: 4, status: 'active' });

		// "More time" opens a new round; both continuing moves the space into rebuilding.
		expect((await choose(b, spaceId, 'continue')).status).toBe(200);
		expect(stageOf(spaceId).stage).toBe(4);
		expect((await choose(a, spaceId, 'continue')).status).toBe(200);
		expect(stageOf(spaceId)).toMatchObject({ stage: 5, status: 'active' });
		expect(
			events(spaceId)
				.filter((e) => e.kind === 'revealed')
				.map((e) => e.outcome)
		).toEqual(['more_time', 'rebuilding']);
		const home = await text(a, `/spaces/${spaceId}`);
		expect(home).toContain('Rebuilding');
		expect(home).toContain('Consistency over time');
	});

	it('honours a step-back: the space closes, read-only, with a closing flow', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		await advanceTo(a, b, spaceId, 4);
		expect((await choose(a, spaceId, 'continue')).status).toBe(200);
		const last = await choose(b, spaceId, 'step_back', noteB);
		expect(last.status).toBe(303);
		expect(last.headers.get('location')).toBe(`/spaces/${spaceId}/closing`);
		expect(stageOf(spaceId)).toEqual({ stage: 4, status: 'closed', closed_reason: 'stepped_back' });
		const closing = await text(a, `/spaces/${spaceId}/closing`);
		expect(closing).toContain('A step back was chosen, and Trellis honours it.');
		expect(closing).toContain(noteB);
		expect(closing).toContain('/export.json');
		expect(closing).toContain('Support after a separation or a hard decision');
		// Nothing moves any more; one's own things stay.
		expect((await stageStep(a, spaceId, 1, 'back', { confirmed: 'yes' })).status).toBe(403);
		expect((await choose(a, spaceId, 'continue')).status).toBe(403);
		const copy = JSON.parse(await text(a, `/spaces/${spaceId}/export.json`));
		expect(copy).toMatchObject({
			format: 'trellis-space-export',
			version: 1,
			space: { status: 'closed' }
		});
		expect(copy.journey.choices[0].choices).toEqual([
			{ who: 'You', choice: 'Continue', note: '' },
			{ who: 'Ben', choice: 'Step back', note: noteB }
		]);
	});

	it('never seals a choice for the next round from a repeated or outdated form', async () => {
		const { a, b, c, spaceId } = await couple(app.origin, app.dbPath, true);
		await advanceTo(a, b, spaceId, 4);
		expect((await choose(a, spaceId, 'more_time', '', 1)).status).toBe(200);
		expect((await choose(b, spaceId, 'continue', '', 1)).status).toBe(200); // reveals round 1
		const again = await choose(b, spaceId, 'continue', '', 1); // a double click, or a second device
		expect(again.status).toBe(409);
		expect(await again.text()).toContain('Both choices were shown since this page was opened.');
		expect(
			readDb(
				app.dbPath,
				'select round from stage_choices where space_id = ? and revealed_at is null',
				spaceId
			)
		).toEqual([]);
		expect((await choose(a, spaceId, 'continue', '', 2)).status).toBe(200);
		expect(stageOf(spaceId).stage).toBe(4);
		// The counselor is not told who completed a reveal (that would say who chose last).
		const page = await text(c!, `/spaces/${spaceId}/journey`);
		expect(page).toMatch(/kind:"revealed",[^}]*who:null/);
		expect(page).not.toMatch(/kind:"revealed",[^}]*who:"/);
	});

	it('refuses a choice outside stage 4, and bad input clearly', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		const early = await choose(a, spaceId, 'continue');
		expect(early.status).toBe(409);
		expect(await early.text()).toContain('Choices are made in stage 4.');
		await advanceTo(a, b, spaceId, 4);
		const bad = await choose(a, spaceId, 'maybe');
		expect(bad.status).toBe(400);
		expect(await bad.text()).toContain('Please choose one of the three.');
		const long = await choose(a, spaceId, 'continue', 'x'.repeat(2001));
		expect(long.status).toBe(400);
		expect(readDb(app.dbPath, 'select * from stage_choices where space_id = ?', spaceId)).toEqual(
			[]
		);
	});
});

describe('activity', () => {
	it('is counted for oneself, and shown to the other only as "working on it", only when allowed', async () => {
		const { a, b, spaceId } = await couple(app.origin, app.dbPath);
		await a.visitor.post(`/spaces/${spaceId}/journal/new?/save&kind=question`, {
			clientId: `q-${Date.now()}-abc`,
			question: 'Where were you that night?',
			why: ''
		});
		const mine = await text(a, `/spaces/${spaceId}/stages/1`);
		expect(mine).toContain('A question I want answered: 1');
		expect(await text(b, `/spaces/${spaceId}/stages/1`)).not.toContain(
			'Alma has been working on this stage'
		);
		expect((await stageStep(a, spaceId, 1, 'showActivity', { shows: 'yes' })).status).toBe(200);
		const theirs = await text(b, `/spaces/${spaceId}/stages/1`);
		expect(theirs).toContain('Alma has been working on this stage.');
		expect(theirs).not.toContain('A question I want answered: 1');
		expect(theirs).not.toContain('Where were you');
		expect((await stageStep(a, spaceId, 1, 'showActivity', { shows: 'no' })).status).toBe(200);
		expect(await text(b, `/spaces/${spaceId}/stages/1`)).not.toContain('Alma has been working');
	});
});

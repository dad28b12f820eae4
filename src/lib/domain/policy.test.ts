import { describe, expect, it } from 'vitest';
import {
	decide,
	mayReadAssessment,
	mayReadChoice,
	mayReadKeepingNote,
	maySeeConversation,
	maySeeNote,
	maySeeShared,
	spaceActions,
	viewerOf,
	type Decision,
	type SpaceAction,
	type Standing,
	type Viewer
} from './policy';
import { audiences, type Audience } from './sharing';

const base = { spaceStatus: 'active' as const, partnerCount: 2 };
const who: Record<string, Standing> = {
	partner: { loggedIn: true, role: 'partner', status: 'active', ...base },
	otherPartner: { loggedIn: true, role: 'partner', status: 'active', ...base },
	counselorPending: { loggedIn: true, role: 'counselor', status: 'pending', ...base },
	counselorApproved: { loggedIn: true, role: 'counselor', status: 'active', ...base },
	memberOfAnotherSpace: { loggedIn: true, role: null, status: null, ...base },
	loggedOut: { loggedIn: false, role: null, status: null, ...base }
};

const A = 'allow',
	F = 'forbidden',
	N = 'not_found';
// Columns: partner, other partner, counselor pending, counselor approved, member of another space, logged out
const table: Record<SpaceAction, [Decision, Decision, Decision, Decision, Decision, Decision]> = {
	'space.view': [A, A, N, A, N, N],
	'space.subscribe': [A, A, N, A, N, N],
	'space.awaitApproval': [F, F, A, F, N, N],
	'space.invitePartner': [F, F, N, F, N, N], // both partners are in: no room for another
	'space.inviteCounselor': [A, A, N, F, N, N],
	'space.revokeInvite': [A, A, N, F, N, N],
	'space.decideCounselor': [A, A, N, F, N, N],
	'space.removeCounselor': [A, A, N, F, N, N],
	'space.setPerspective': [A, A, N, F, N, N],
	'space.answerSafety': [A, A, N, F, N, N],
	'space.leave': [A, A, A, A, N, N],
	'note.write': [A, A, N, N, N, N],
	'note.read': [A, A, N, N, N, N],
	'note.delete': [A, A, N, N, N, N],
	'share.create': [A, A, N, F, N, N],
	'shared.view': [A, A, N, A, N, N],
	'shared.acknowledge': [A, A, N, A, N, N],
	'shared.withdraw': [A, A, N, F, N, N],
	'agreement.view': [A, A, N, A, N, N],
	'agreement.act': [A, A, N, F, N, N],
	'journey.view': [A, A, N, A, N, N],
	'journey.act': [A, A, N, F, N, N],
	'journey.showActivity': [A, A, N, F, N, N],
	'assessment.answer': [A, A, N, F, N, N],
	'assessment.view': [A, A, N, A, N, N],
	'conversation.view': [A, A, N, A, N, N],
	'conversation.start': [A, A, N, F, N, N],
	'conversation.take_part': [A, A, N, A, N, N],
	'checkin.view': [A, A, N, A, N, N],
	'checkin.answer': [A, A, N, F, N, N],
	'checkin.manage': [F, F, N, A, N, N],
	'counselorNote.write': [N, N, N, A, N, N],
	'counselorNote.read': [N, N, N, A, N, N]
};

describe('space policy, in a full active space', () => {
	it('covers every action', () =>
		expect(Object.keys(table).sort()).toEqual([...spaceActions].sort()));
	const people = Object.keys(who);
	for (const action of spaceActions) {
		people.forEach((person, i) => {
			it(`${action} × ${person} → ${table[action][i]}`, () =>
				expect(decide(action, who[person]!)).toBe(table[action][i]));
		});
	}
});

describe('space policy, special states', () => {
	const alone: Standing = {
		loggedIn: true,
		role: 'partner',
		status: 'active',
		spaceStatus: 'active',
		partnerCount: 1
	};
	it('lets a lone partner invite their partner but not yet a counselor', () => {
		expect(decide('space.invitePartner', alone)).toBe('allow');
		expect(decide('space.inviteCounselor', alone)).toBe('forbidden');
	});

	it('lets a lone partner write notes but not make agreements with nobody', () => {
		expect(decide('note.write', alone)).toBe('allow');
		expect(decide('agreement.act', alone)).toBe('forbidden');
	});

	it('does not start the journey for a lone partner', () => {
		expect(decide('journey.view', alone)).toBe('allow');
		expect(decide('journey.act', alone)).toBe('forbidden');
		expect(decide('assessment.answer', alone)).toBe('forbidden');
	});

	const closed: Standing = { ...who.partner!, spaceStatus: 'closed' };
	const keptAfterClosing: SpaceAction[] = [
		'space.view',
		'note.read',
		'note.delete',
		'shared.view',
		'shared.withdraw',
		'agreement.view',
		'journey.view',
		'assessment.view',
		'conversation.view',
		'checkin.view'
	];
	it("makes a closed space read-only, except for taking back or deleting what is one's own, leaving, and removing the counselor", () => {
		const stillOpen: SpaceAction[] = [...keptAfterClosing, 'space.leave', 'space.removeCounselor'];
		for (const action of stillOpen) expect(decide(action, closed), action).toBe('allow');
		for (const action of spaceActions.filter(
			(a) =>
				![
					...stillOpen,
					'space.subscribe',
					'space.awaitApproval',
					'counselorNote.write',
					'counselorNote.read'
				].includes(a)
		))
			expect(decide(action, closed), action).toBe('forbidden');
		expect(decide('counselorNote.write', closed)).toBe('not_found');
	});

	it('lets a partner who left reach their own things in the closed space, delete what they wrote there, and do nothing else', () => {
		const left: Standing = { ...closed, status: 'left' };
		const stillTheirs: SpaceAction[] = [...keptAfterClosing, 'space.leave'];
		for (const action of stillTheirs) expect(decide(action, left), action).toBe('allow');
		for (const action of spaceActions.filter(
			(a) => ![...stillTheirs, 'counselorNote.write', 'counselorNote.read'].includes(a)
		))
			expect(decide(action, left), action).toBe('forbidden');
		expect(decide('counselorNote.write', left)).toBe('not_found');
	});

	it('keeps a closed space readable for its counselor, who can no longer acknowledge anything but can leave', () => {
		const counselor: Standing = { ...who.counselorApproved!, spaceStatus: 'closed' };
		expect(decide('agreement.view', counselor)).toBe('allow');
		expect(decide('shared.acknowledge', counselor)).toBe('forbidden');
		expect(decide('conversation.view', counselor)).toBe('allow');
		expect(decide('conversation.take_part', counselor)).toBe('forbidden');
		expect(decide('counselorNote.write', counselor)).toBe('forbidden');
		expect(decide('space.leave', counselor)).toBe('allow');
	});

	it('treats a declined counselor as a stranger', () => {
		const gone: Standing = { ...who.counselorApproved!, status: 'declined' };
		for (const action of spaceActions) expect(decide(action, gone), action).toBe('not_found');
	});

	it.each(['removed', 'left'] as const)(
		'treats a counselor who is %s as a stranger, but for their own notes',
		(status) => {
			for (const spaceStatus of ['active', 'closed'] as const) {
				const gone: Standing = { ...who.counselorApproved!, status, spaceStatus };
				for (const action of spaceActions)
					expect(decide(action, gone), action).toBe(
						action === 'counselorNote.read' ? 'allow' : 'not_found'
					);
			}
		}
	);
});

describe('space policy, standings nobody should be in for long', () => {
	const statuses = ['active', 'closed'] as const;

	it.each(['pending', 'declined', 'removed'] as const)(
		'treats a partner whose membership is %s as a stranger, in an open or a closed space',
		(status) => {
			for (const spaceStatus of statuses) {
				const stranger: Standing = { ...who.partner!, status, spaceStatus };
				for (const action of spaceActions)
					expect(decide(action, stranger), action).toBe('not_found');
			}
		}
	);

	it('lets a counselor waiting in a closed space learn only that they wait; leaving is refused', () => {
		const waiting: Standing = { ...who.counselorPending!, spaceStatus: 'closed' };
		for (const action of spaceActions)
			expect(decide(action, waiting), action).toBe(
				action === 'space.awaitApproval'
					? 'allow'
					: action === 'space.leave'
						? 'forbidden'
						: 'not_found'
			);
	});

	it('answers someone logged out with not found, whatever standing they would have', () => {
		for (const standing of Object.values(who))
			for (const action of spaceActions)
				expect(decide(action, { ...standing, loggedIn: false }), action).toBe('not_found');
	});

	it('answers with each of its three decisions, and only with these', () => {
		const decisions = new Set<Decision>();
		for (const standing of Object.values(who))
			for (const action of spaceActions) decisions.add(decide(action, standing));
		expect([...decisions].sort()).toEqual(['allow', 'forbidden', 'not_found']);
	});
});

describe('item-level rules', () => {
	const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute));
	const partner = (userId: string, status: Viewer['status'] = 'active'): Viewer => ({
		userId,
		role: 'partner',
		status,
		joinedAt: at(0)
	});
	const counselor = (joinedMinute: number, status: Viewer['status'] = 'active'): Viewer => ({
		userId: 'c',
		role: 'counselor',
		status,
		joinedAt: at(joinedMinute)
	});
	const item = (audience: Audience, withdrawn = false) => ({
		authorId: 'a',
		audience,
		sharedAt: at(10),
		withdrawnAt: withdrawn ? at(20) : null
	});

	it("keeps a note its author's alone", () => {
		expect(maySeeNote('a', { authorId: 'a' })).toBe(true);
		for (const other of ['b', 'c', '', 'A'])
			expect(maySeeNote(other, { authorId: 'a' })).toBe(false);
	});

	// Audience × viewer: author, other partner, counselor admitted before, counselor admitted after, partner who left
	const expected: Record<Audience, [boolean, boolean, boolean, boolean, boolean]> = {
		partner: [true, true, false, false, false],
		counselor: [true, false, true, false, false],
		both: [true, true, true, false, false]
	};
	const viewers = [partner('a'), partner('b'), counselor(5), counselor(15), partner('b', 'left')];
	for (const audience of audiences) {
		it(`shows an item shared with "${audience}" to exactly its audience`, () => {
			expect(viewers.map((v) => maySeeShared(v, item(audience)))).toEqual(expected[audience]);
		});
		it(`hides a withdrawn "${audience}" item from everyone but its author`, () => {
			expect(viewers.map((v) => maySeeShared(v, item(audience, true)))).toEqual([
				true,
				false,
				false,
				false,
				false
			]);
		});
	}

	it('never shows anything to a counselor who was removed', () => {
		for (const audience of audiences)
			expect(maySeeShared(counselor(5, 'removed'), item(audience))).toBe(false);
	});

	it("keeps stage-3 answers their author's until both are in; then the partners and an admitted counselor see them", () => {
		const answers = { userId: 'a' };
		const others = [
			partner('b'),
			counselor(5),
			counselor(15),
			partner('b', 'left'),
			counselor(5, 'removed')
		];
		expect(mayReadAssessment(partner('a'), answers, false)).toBe(true);
		expect(mayReadAssessment(partner('a', 'left'), answers, false)).toBe(true);
		expect(others.map((v) => mayReadAssessment(v, answers, false))).toEqual([
			false,
			false,
			false,
			false,
			false
		]);
		expect(others.map((v) => mayReadAssessment(v, answers, true))).toEqual([
			true,
			true,
			true,
			false,
			false
		]);
	});

	it('keeps a stage-4 choice sealed from everyone until revealed, and from counselors always', () => {
		const sealed = { userId: 'a', revealedAt: null };
		const shown = { userId: 'a', revealedAt: at(30) };
		expect(mayReadChoice(partner('a'), sealed)).toBe(true);
		expect([partner('b'), counselor(5)].map((v) => mayReadChoice(v, sealed))).toEqual([
			false,
			false
		]);
		expect(
			[partner('b'), counselor(5), partner('b', 'left')].map((v) => mayReadChoice(v, shown))
		).toEqual([true, false, false]);
	});

	it('shows a conversation to both partners, and to a counselor only from their admission on', () => {
		const conversation = { createdAt: at(10) };
		expect(
			[
				partner('a'),
				partner('b', 'left'),
				counselor(5),
				counselor(15),
				counselor(5, 'removed')
			].map((v) => maySeeConversation(v, conversation))
		).toEqual([true, true, true, false, false]);
	});

	it('keeps from a counselor still waiting for approval everything but what they wrote themselves', () => {
		const waiting = counselor(5, 'pending');
		for (const audience of audiences) expect(maySeeShared(waiting, item(audience))).toBe(false);
		expect(mayReadAssessment(waiting, { userId: 'a' }, true)).toBe(false);
		expect(mayReadChoice(waiting, { userId: 'a', revealedAt: at(30) })).toBe(false);
		expect(maySeeConversation(waiting, { createdAt: at(10) })).toBe(false);
		expect(maySeeShared(waiting, { ...item('both'), authorId: 'c' })).toBe(true);
	});

	it('makes a viewer of a membership from its four facts alone, the same for every role and status', () => {
		const memberships = [
			{ ...partner('a'), id: 'm1', spaceId: 's', perspective: 'hurt', showsActivity: true },
			{ ...partner('b', 'left'), id: 'm2', spaceId: 's', endedAt: at(40) },
			{ ...counselor(5, 'pending'), id: 'm3', spaceId: 's', endNoticeSeenAt: null },
			{ ...counselor(5), id: 'm4', spaceId: 's', acknowledgedAt: at(6) }
		];
		for (const m of memberships) {
			const viewer = viewerOf(m);
			expect(viewer).toStrictEqual({
				userId: m.userId,
				role: m.role,
				status: m.status,
				joinedAt: m.joinedAt
			});
			// The rules answer the viewer exactly as they answer the membership it came from.
			for (const audience of audiences)
				expect(maySeeShared(viewer, item(audience))).toBe(maySeeShared(m, item(audience)));
		}
	});

	it('shows a keeping note to others only when its author shared it', () => {
		expect(mayReadKeepingNote('a', { authorId: 'a', noteShared: false })).toBe(true);
		expect(mayReadKeepingNote('b', { authorId: 'a', noteShared: false })).toBe(false);
		expect(mayReadKeepingNote('b', { authorId: 'a', noteShared: true })).toBe(true);
	});
});

import { describe, expect, it } from 'vitest';
import { decide, spaceActions, type Decision, type SpaceAction, type Standing } from './policy';

const base = { spaceStatus: 'active' as const, partnerCount: 2 };
const who: Record<string, Standing> = {
	partner: { loggedIn: true, role: 'partner', status: 'active', ...base },
	otherPartner: { loggedIn: true, role: 'partner', status: 'active', ...base },
	counselorPending: { loggedIn: true, role: 'counselor', status: 'pending', ...base },
	counselorApproved: { loggedIn: true, role: 'counselor', status: 'active', ...base },
	memberOfAnotherSpace: { loggedIn: true, role: null, status: null, ...base },
	loggedOut: { loggedIn: false, role: null, status: null, ...base }
};

const A = 'allow', F = 'forbidden', N = 'not_found';
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
	'space.leave': [A, A, A, A, N, N]
};

describe('space policy, in a full active space', () => {
	it('covers every action', () => expect(Object.keys(table).sort()).toEqual([...spaceActions].sort()));
	const people = Object.keys(who);
	for (const action of spaceActions) {
		people.forEach((person, i) => {
			it(`${action} × ${person} → ${table[action][i]}`, () => expect(decide(action, who[person]!)).toBe(table[action][i]));
		});
	}
});

describe('space policy, special states', () => {
	const alone: Standing = { loggedIn: true, role: 'partner', status: 'active', spaceStatus: 'active', partnerCount: 1 };
	it('lets a lone partner invite their partner but not yet a counselor', () => {
		expect(decide('space.invitePartner', alone)).toBe('allow');
		expect(decide('space.inviteCounselor', alone)).toBe('forbidden');
	});

	const closed: Standing = { ...who.partner!, spaceStatus: 'closed' };
	it('makes a closed space read-only', () => {
		expect(decide('space.view', closed)).toBe('allow');
		for (const action of spaceActions.filter((a) => !['space.view', 'space.subscribe', 'space.awaitApproval'].includes(a)))
			expect(decide(action, closed), action).toBe('forbidden');
	});

	it('lets a partner who left see the closed space, and do nothing else', () => {
		const left: Standing = { ...closed, status: 'left' };
		expect(decide('space.view', left)).toBe('allow');
		expect(decide('space.subscribe', left)).toBe('forbidden');
		expect(decide('space.leave', left)).toBe('forbidden');
	});

	it.each(['declined', 'removed', 'left'] as const)('treats a counselor who is %s as a stranger', (status) => {
		const gone: Standing = { ...who.counselorApproved!, status };
		for (const action of spaceActions) expect(decide(action, gone), action).toBe('not_found');
	});
});

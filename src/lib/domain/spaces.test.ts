import { describe, expect, it } from 'vitest';
import {
	afterLeaving,
	counselorOutcome,
	formatCode,
	inviteState,
	joinRefusal,
	normaliseCode,
	type JoinFacts
} from './spaces';

const NOW = Date.UTC(2026, 5, 1);
const DAY = 86_400_000;

const invite = (patch: Partial<JoinFacts['invite']> = {}): JoinFacts['invite'] => ({
	role: 'partner',
	expiresAt: new Date(NOW + 7 * DAY),
	usedAt: null,
	revokedAt: null,
	...patch
});

const facts = (patch: Partial<JoinFacts> = {}): JoinFacts => ({
	invite: invite(),
	spaceStatus: 'active',
	partnerCount: 1,
	accountKind: 'partner',
	membership: null,
	...patch
});

describe('invite validity', () => {
	it('is valid until it expires', () => {
		expect(inviteState(invite(), NOW)).toBe('valid');
		expect(inviteState(invite(), NOW + 7 * DAY)).toBe('expired');
	});
	it('is spent once used, and revocation wins over everything', () => {
		expect(inviteState(invite({ usedAt: new Date(NOW) }), NOW)).toBe('used');
		expect(inviteState(invite({ revokedAt: new Date(NOW), usedAt: new Date(NOW) }), NOW)).toBe(
			'revoked'
		);
		expect(inviteState(invite({ revokedAt: new Date(NOW) }), NOW + 30 * DAY)).toBe('revoked');
	});
});

describe('who may join', () => {
	it('lets the second partner in', () => expect(joinRefusal(facts(), NOW)).toBeNull());
	it.each([
		['used', facts({ invite: invite({ usedAt: new Date(NOW - 1) }) })],
		['expired', facts({ invite: invite({ expiresAt: new Date(NOW - 1) }) })],
		['revoked', facts({ invite: invite({ revokedAt: new Date(NOW - 1) }) })],
		['closed', facts({ spaceStatus: 'closed' })],
		['full', facts({ partnerCount: 2 })],
		['wrong_account', facts({ accountKind: 'counselor' })],
		['already_member', facts({ membership: { status: 'active' } })]
	] as const)('refuses with %s', (reason, f) => expect(joinRefusal(f, NOW)).toBe(reason));

	it('never admits a third partner, even through a fresh invite', () => {
		expect(joinRefusal(facts({ partnerCount: 2, invite: invite() }), NOW)).toBe('full');
	});
	it('lets a counselor in as counselor whatever the partner count', () => {
		expect(
			joinRefusal(
				facts({ invite: invite({ role: 'counselor' }), accountKind: 'counselor', partnerCount: 2 }),
				NOW
			)
		).toBeNull();
	});
	it('refuses a partner account a counselor invite', () => {
		expect(joinRefusal(facts({ invite: invite({ role: 'counselor' }) }), NOW)).toBe(
			'wrong_account'
		);
	});
	it('lets someone who left come back with a new invite', () => {
		expect(joinRefusal(facts({ membership: { status: 'left' } }), NOW)).toBeNull();
	});
});

describe('counselor approval', () => {
	const both = ['a', 'b'];
	it('needs both partners', () => {
		expect(counselorOutcome(both, new Map())).toBe('pending');
		expect(counselorOutcome(both, new Map([['a', 'approved']]))).toBe('pending');
		expect(
			counselorOutcome(
				both,
				new Map([
					['a', 'approved'],
					['b', 'approved']
				])
			)
		).toBe('approved');
	});
	it('is turned away by one decline', () => {
		expect(
			counselorOutcome(
				both,
				new Map([
					['a', 'approved'],
					['b', 'declined']
				])
			)
		).toBe('declined');
	});
	it('cannot be admitted by a lone partner', () => {
		expect(counselorOutcome(['a'], new Map([['a', 'approved']]))).toBe('pending');
	});
	it('ignores decisions of people who are not partners', () => {
		expect(
			counselorOutcome(
				both,
				new Map([
					['a', 'approved'],
					['x', 'approved']
				])
			)
		).toBe('pending');
	});
});

describe('leaving', () => {
	it('closes the space when a partner leaves', () =>
		expect(afterLeaving('partner', 'active')).toEqual({ closeSpace: true }));
	it('does not close it when a counselor leaves', () =>
		expect(afterLeaving('counselor', 'active')).toEqual({ closeSpace: false }));
});

describe('codes', () => {
	it('read back however they are typed', () => {
		expect(normaliseCode(' abcd-efgh ')).toBe('ABCDEFGH');
		expect(normaliseCode('AB CD EF GH')).toBe('ABCDEFGH');
		expect(formatCode('ABCDEFGH')).toBe('ABCD-EFGH');
	});
});

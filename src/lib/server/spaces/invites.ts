import { generateRandomString } from '@oslojs/crypto/random';
import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db';
import { statement } from '../db/statement';
import { invites, memberships, spaces, users, type Invite } from '../db/schema';
import { hashSecret, randomString } from '../auth/tokens';
import { authorize } from '../policy';
import { AppError } from '../errors';
import * as throttle from '../auth/throttle';
import * as members from './members';
import { derivedSecret } from '../secrets';
import {
	CODE_ALPHABET,
	INVITE_TTL_MS,
	formatCode,
	joinRefusal,
	joinRefusalMessages,
	normaliseCode,
	type MemberRole
} from '../../domain/spaces';

const random = {
	read: (bytes: Uint8Array) => void crypto.getRandomValues(bytes as Uint8Array<ArrayBuffer>)
};
const LINK_SECRET = /^[a-km-np-z2-9]{24}$/;

export interface IssuedInvite {
	token: string;
	code: string;
	expiresAt: Date;
}

/** Replaces any open invite of this kind with a new one; returns its secrets once. */
export function issueIn(
	tx: DbOrTx,
	spaceId: string,
	role: MemberRole,
	by: string,
	now: number
): IssuedInvite {
	revokeIn(tx, spaceId, role, now);
	const token = randomString(24);
	const code = generateRandomString(random, CODE_ALPHABET, 8);
	const expiresAt = new Date(now + INVITE_TTL_MS);
	tx.insert(invites)
		.values({
			id: randomString(),
			spaceId,
			role,
			linkHash: Buffer.from(hashSecret(token)),
			codeHash: Buffer.from(hashSecret(code)),
			createdBy: by,
			createdAt: new Date(now),
			expiresAt
		})
		.run();
	return { token, code: formatCode(code), expiresAt };
}

export function revokeIn(tx: DbOrTx, spaceId: string, role: MemberRole, now: number): void {
	tx.update(invites)
		.set({ revokedAt: new Date(now) })
		.where(
			and(
				eq(invites.spaceId, spaceId),
				eq(invites.role, role),
				isNull(invites.usedAt),
				isNull(invites.revokedAt)
			)
		)
		.run();
}

export function issue(
	db: Db,
	userId: string,
	spaceId: string,
	role: MemberRole,
	now = Date.now()
): IssuedInvite {
	authorize(
		db,
		userId,
		role === 'partner' ? 'space.invitePartner' : 'space.inviteCounselor',
		spaceId
	);
	return db.transaction((tx) => issueIn(tx, spaceId, role, userId, now));
}

export function revoke(
	db: Db,
	userId: string,
	spaceId: string,
	role: MemberRole,
	now = Date.now()
): void {
	authorize(db, userId, 'space.revokeInvite', spaceId);
	revokeIn(db, spaceId, role, now);
}

const openInvites = statement((db) =>
	db
		.select({ role: invites.role, expiresAt: invites.expiresAt, createdAt: invites.createdAt })
		.from(invites)
		.where(
			and(
				eq(invites.spaceId, sql.placeholder('spaceId')),
				isNull(invites.usedAt),
				isNull(invites.revokedAt),
				sql`${invites.expiresAt} > ${sql.placeholder('now')}`
			)
		)
		.prepare()
);

/** The open invites of a space: when they expire, never their secrets. */
export function openIn(db: DbOrTx, spaceId: string, now = Date.now()) {
	return openInvites(db).all({ spaceId, now });
}

/** Finds an invite by its link secret or its short code (compared as hashes). */
export function find(db: DbOrTx, secret: string): Invite | undefined {
	const trimmed = secret.trim();
	const hashes: Buffer[] = [];
	if (LINK_SECRET.test(trimmed)) hashes.push(Buffer.from(hashSecret(trimmed)));
	const code = normaliseCode(trimmed);
	if (code.length === 8) hashes.push(Buffer.from(hashSecret(code)));
	if (hashes.length === 0) return undefined;
	return db
		.select()
		.from(invites)
		.where(or(...hashes.flatMap((h) => [eq(invites.linkHash, h), eq(invites.codeHash, h)])))
		.get();
}

/** Short codes can be guessed at, so wrong ones slow a person down. */
const guessRule: throttle.ThrottleRule = {
	freeFailures: 10,
	baseDelayMs: 2_000,
	maxDelayMs: 15 * 60_000,
	forgetAfterMs: 60 * 60_000
};
/**
 * Per address, so that making new accounts does not buy new guesses: once it is paused, anyone
 * who has guessed wrong from there waits too, while someone trying their first code only
 * waits a moment (see `throttle.judge`). A fresh account costs a confirmed email, so a new
 * identity is not free either.
 */
const addressGuessRule: throttle.ThrottleRule = { ...guessRule, freeFailures: 30 };
const guessAttempt = (userId: string, address: string | undefined): throttle.Attempt => ({
	own: [{ key: `invite:${userId}`, rule: guessRule }],
	shared: throttle.isKnownAddress(address)
		? { key: `invite-address:${address}`, rule: addressGuessRule }
		: undefined
});

const TOO_MANY =
	'That was a lot of codes in a short time. Please wait a few minutes and try again.';

/**
 * Finds an invite for someone trying a link or code; wrong guesses count against the person
 * and their address. Called outside any transaction, so a refusal cannot roll the count back.
 */
export async function findGuarded(
	db: Db,
	userId: string,
	secret: string,
	now: number,
	address?: string
): Promise<Invite | undefined> {
	const attempt = guessAttempt(userId, address);
	const verdict = throttle.judge(db, attempt, now);
	if (verdict.wait > 0) throw new AppError('rate_limited', TOO_MANY);
	await throttle.holdFor(verdict);
	const invite = find(db, secret);
	if (!invite) throttle.recordFailure(db, throttle.keysOf(attempt), now);
	return invite;
}

/**
 * Looking at an invite (opening its page) changes nothing: no guess is counted, so no other site
 * can lock someone out by opening links. A person already slowed down stays so. Only a long link
 * secret, which cannot be guessed, is looked up this way; a short code is looked up only when
 * `codeChecked` (it came through the code form, which counts guesses).
 */
export function findForReading(
	db: Db,
	userId: string,
	secret: string,
	now: number,
	address: string | undefined,
	codeChecked: boolean
): Invite | undefined {
	if (throttle.judge(db, guessAttempt(userId, address), now).wait > 0)
		throw new AppError('rate_limited', TOO_MANY);
	if (!LINK_SECRET.test(secret.trim()) && !codeChecked) return undefined;
	return find(db, secret);
}

/**
 * Whether a link opened by someone not logged in can no longer be used (used, replaced or
 * expired), so they are not sent to make an account for nothing. Only a long link secret is
 * looked up: it cannot be guessed, and the answer names nothing about the space.
 */
export function linkIsSpent(db: DbOrTx, secret: string, now: number): boolean {
	if (!LINK_SECRET.test(secret.trim())) return false;
	const invite = find(db, secret);
	if (!invite) return false;
	return !!invite.usedAt || !!invite.revokedAt || invite.expiresAt.getTime() <= now;
}

/** Whether this is a short code (to be checked by the code form) rather than a link's secret. */
export const isCode = (secret: string): boolean =>
	!LINK_SECRET.test(secret.trim()) && normaliseCode(secret).length === 8;

/** A proof, for the page the code form leads to, that this person's code was checked there. */
export function codeCheck(userId: string, code: string, now = Date.now()): string {
	const hour = Math.floor(now / 3_600_000);
	return derivedSecret(`invite-code:${userId}:${normaliseCode(code)}:${hour}`).slice(0, 32);
}

export function codeWasChecked(userId: string, code: string, proof: string, now = Date.now()) {
	return [now, now - 3_600_000].some((t) => codeCheck(userId, code, t) === proof);
}

export type InvitePreview =
	| { ok: true; spaceId: string; spaceName: string; role: MemberRole; invitedBy: string | null }
	| {
			ok: false;
			reason: keyof typeof joinRefusalMessages | 'unknown';
			message: string;
			spaceId?: string;
	  };

/** What the join screen may show: nothing about the space unless the invite is good for this person. */
export function preview(
	db: Db,
	user: { id: string; kind: MemberRole },
	secret: string,
	now = Date.now(),
	address?: string,
	codeChecked = false
): InvitePreview {
	const invite = findForReading(db, user.id, secret, now, address, codeChecked);
	if (!invite)
		return {
			ok: false,
			reason: 'unknown',
			message: 'We could not find that invite. Please check the link or code.'
		};
	const facts = joinFacts(db, invite, user);
	const refusal = joinRefusal(facts, now);
	if (refusal === 'already_member')
		return {
			ok: false,
			reason: refusal,
			message: joinRefusalMessages[refusal],
			spaceId: invite.spaceId
		};
	if (refusal) return { ok: false, reason: refusal, message: joinRefusalMessages[refusal] };
	const space = db
		.select({ name: spaces.name })
		.from(spaces)
		.where(eq(spaces.id, invite.spaceId))
		.get();
	const by = invite.createdBy
		? db.select({ name: users.displayName }).from(users).where(eq(users.id, invite.createdBy)).get()
		: undefined;
	return {
		ok: true,
		spaceId: invite.spaceId,
		spaceName: space?.name ?? '',
		role: invite.role,
		invitedBy: by?.name ?? null
	};
}

export function joinFacts(db: DbOrTx, invite: Invite, user: { id: string; kind: MemberRole }) {
	const space = db
		.select({ status: spaces.status })
		.from(spaces)
		.where(eq(spaces.id, invite.spaceId))
		.get();
	const membership = db
		.select({ status: memberships.status })
		.from(memberships)
		.where(and(eq(memberships.spaceId, invite.spaceId), eq(memberships.userId, user.id)))
		.get();
	return {
		invite,
		spaceStatus: space?.status ?? 'closed',
		partnerCount: members.partnersOf(db, invite.spaceId).length,
		accountKind: user.kind,
		membership: membership ?? null
	};
}

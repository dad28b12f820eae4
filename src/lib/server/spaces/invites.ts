import { generateRandomString } from '@oslojs/crypto/random';
import { and, eq, gt, isNull, or } from 'drizzle-orm';
import { transaction, type Db, type DbOrTx } from '../db';
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
export async function issueIn(
	tx: DbOrTx,
	spaceId: string,
	role: MemberRole,
	by: string,
	now: number
): Promise<IssuedInvite> {
	await revokeIn(tx, spaceId, role, now);
	const token = randomString(24);
	const code = generateRandomString(random, CODE_ALPHABET, 8);
	const expiresAt = new Date(now + INVITE_TTL_MS);
	await tx.insert(invites).values({
		id: randomString(),
		spaceId,
		role,
		linkHash: Buffer.from(hashSecret(token)),
		codeHash: Buffer.from(hashSecret(code)),
		createdBy: by,
		createdAt: new Date(now),
		expiresAt
	});
	return { token, code: formatCode(code), expiresAt };
}

export async function revokeIn(
	tx: DbOrTx,
	spaceId: string,
	role: MemberRole,
	now: number
): Promise<void> {
	await tx
		.update(invites)
		.set({ revokedAt: new Date(now) })
		.where(
			and(
				eq(invites.spaceId, spaceId),
				eq(invites.role, role),
				isNull(invites.usedAt),
				isNull(invites.revokedAt)
			)
		);
}

export async function issue(
	db: Db,
	userId: string,
	spaceId: string,
	role: MemberRole,
	now = Date.now()
): Promise<IssuedInvite> {
	await authorize(
		db,
		userId,
		role === 'partner' ? 'space.invitePartner' : 'space.inviteCounselor',
		spaceId
	);
	return transaction(db, (tx) => issueIn(tx, spaceId, role, userId, now));
}

export async function revoke(
	db: Db,
	userId: string,
	spaceId: string,
	role: MemberRole,
	now = Date.now()
): Promise<void> {
	await authorize(db, userId, 'space.revokeInvite', spaceId);
	await revokeIn(db, spaceId, role, now);
}

/** The open invites of a space: when they expire, never their secrets. */
export async function openIn(db: DbOrTx, spaceId: string, now = Date.now()) {
	return db
		.select({ role: invites.role, expiresAt: invites.expiresAt, createdAt: invites.createdAt })
		.from(invites)
		.where(
			and(
				eq(invites.spaceId, spaceId),
				isNull(invites.usedAt),
				isNull(invites.revokedAt),
				gt(invites.expiresAt, new Date(now))
			)
		);
}

/** Finds an invite by its link secret or its short code (compared as hashes). */
export async function find(db: DbOrTx, secret: string): Promise<Invite | undefined> {
	const trimmed = secret.trim();
	const hashes: Buffer[] = [];
	if (LINK_SECRET.test(trimmed)) hashes.push(Buffer.from(hashSecret(trimmed)));
	const code = normaliseCode(trimmed);
	if (code.length === 8) hashes.push(Buffer.from(hashSecret(code)));
	if (hashes.length === 0) return undefined;
	const [invite] = await db
		.select()
		.from(invites)
		.where(or(...hashes.flatMap((h) => [eq(invites.linkHash, h), eq(invites.codeHash, h)])))
		.limit(1);
	return invite;
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
	// Counted against the person before it is looked up: guesses sent side by side are each
	// counted in turn (see `throttle.begin`), and a right one is taken back.
	const verdict = await throttle.begin(db, attempt, now);
	if (verdict.wait > 0) throw new AppError('rate_limited', TOO_MANY);
	await throttle.holdFor(verdict);
	const invite = await find(db, secret);
	if (invite) await throttle.forgive(db, verdict, attempt.own);
	else if (attempt.shared) await throttle.recordFailure(db, [attempt.shared], now);
	return invite;
}

/**
 * Looking at an invite (opening its page) changes nothing: no guess is counted, so no other site
 * can lock someone out by opening links. A person already slowed down stays so. Only a long link
 * secret, which cannot be guessed, is looked up this way; a short code is looked up only when
 * `codeChecked` (it came through the code form, which counts guesses).
 */
export async function findForReading(
	db: Db,
	userId: string,
	secret: string,
	now: number,
	address: string | undefined,
	codeChecked: boolean
): Promise<Invite | undefined> {
	if ((await throttle.judge(db, guessAttempt(userId, address), now)).wait > 0)
		throw new AppError('rate_limited', TOO_MANY);
	if (!LINK_SECRET.test(secret.trim()) && !codeChecked) return undefined;
	return await find(db, secret);
}

/**
 * Whether a link opened by someone not logged in can no longer be used (used, replaced or
 * expired), so they are not sent to make an account for nothing. Only a long link secret is
 * looked up: it cannot be guessed, and the answer names nothing about the space.
 */
export async function linkIsSpent(db: DbOrTx, secret: string, now: number): Promise<boolean> {
	if (!LINK_SECRET.test(secret.trim())) return false;
	const invite = await find(db, secret);
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
export async function preview(
	db: Db,
	user: { id: string; kind: MemberRole },
	secret: string,
	now = Date.now(),
	address?: string,
	codeChecked = false
): Promise<InvitePreview> {
	const invite = await findForReading(db, user.id, secret, now, address, codeChecked);
	if (!invite)
		return {
			ok: false,
			reason: 'unknown',
			message: 'We could not find that invite. Please check the link or code.'
		};
	const facts = await joinFacts(db, invite, user);
	const refusal = joinRefusal(facts, now);
	if (refusal === 'already_member')
		return {
			ok: false,
			reason: refusal,
			message: joinRefusalMessages[refusal],
			spaceId: invite.spaceId
		};
	if (refusal) return { ok: false, reason: refusal, message: joinRefusalMessages[refusal] };
	const [space] = await db
		.select({ name: spaces.name })
		.from(spaces)
		.where(eq(spaces.id, invite.spaceId))
		.limit(1);
	const [by] = invite.createdBy
		? await db
				.select({ name: users.displayName })
				.from(users)
				.where(eq(users.id, invite.createdBy))
				.limit(1)
		: [];
	return {
		ok: true,
		spaceId: invite.spaceId,
		spaceName: space?.name ?? '',
		role: invite.role,
		invitedBy: by?.name ?? null
	};
}

export async function joinFacts(
	db: DbOrTx,
	invite: Invite,
	user: { id: string; kind: MemberRole }
) {
	const [space] = await db
		.select({ status: spaces.status })
		.from(spaces)
		.where(eq(spaces.id, invite.spaceId))
		.limit(1);
	const [membership] = await db
		.select({ status: memberships.status })
		.from(memberships)
		.where(and(eq(memberships.spaceId, invite.spaceId), eq(memberships.userId, user.id)))
		.limit(1);
	return {
		invite,
		spaceStatus: space?.status ?? 'closed',
		partnerCount: (await members.partnersOf(db, invite.spaceId)).length,
		accountKind: user.kind,
		membership: membership ?? null
	};
}

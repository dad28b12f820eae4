import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { emailTokens, type EmailToken, type TokenPurpose } from '../db/schema';
import { hashSecret, randomString, secretMatches } from '../auth/tokens';
import { derivedSecret } from '../secrets';

/** How long each kind of link works. */
export const LIFETIME: Record<TokenPurpose, number> = {
	verify: 24 * 3_600_000,
	reset: 3_600_000,
	change_email: 24 * 3_600_000,
	/** The old address can take the account back for a week after a change. */
	undo_email_change: 7 * 24 * 3_600_000
};

/** The secret part of a link, made again from the server's key whenever it is needed. */
function secretOf(tokenId: string): string {
	return derivedSecret(`email-token:${tokenId}`);
}

/** A new link for `purpose`; returns its id, which the outbox carries (never the secret). */
export function issue(
	tx: DbOrTx,
	userId: string,
	purpose: TokenPurpose,
	email: string,
	now = Date.now()
): string {
	const id = randomString();
	tx.insert(emailTokens)
		.values({
			id,
			userId,
			purpose,
			email,
			secretHash: Buffer.from(hashSecret(secretOf(id))),
			createdAt: new Date(now),
			expiresAt: new Date(now + LIFETIME[purpose])
		})
		.run();
	return id;
}

/** What goes in the link's path: `<id>.<secret>`. */
export function tokenFor(tokenId: string): string {
	return `${tokenId}.${secretOf(tokenId)}`;
}

const TOKEN = /^([a-km-np-z2-9]{24})\.([a-z2-7]{52})$/;

/** The unused, unexpired link `token` stands for, or null; it stays usable. */
export function find(
	tx: DbOrTx,
	token: string,
	purpose: TokenPurpose,
	now = Date.now()
): EmailToken | null {
	const parts = TOKEN.exec(token);
	if (!parts) return null;
	const row = tx
		.select()
		.from(emailTokens)
		.where(and(eq(emailTokens.id, parts[1]!), eq(emailTokens.purpose, purpose)))
		.get();
	if (!row || row.usedAt || row.expiresAt.getTime() <= now) return null;
	return secretMatches(parts[2]!, row.secretHash) ? row : null;
}

/** Like `find`, and marks the link used: it works once. */
export function redeem(
	tx: DbOrTx,
	token: string,
	purpose: TokenPurpose,
	now = Date.now()
): EmailToken | null {
	const row = find(tx, token, purpose, now);
	if (!row) return null;
	tx.update(emailTokens)
		.set({ usedAt: new Date(now) })
		.where(eq(emailTokens.id, row.id))
		.run();
	return row;
}

/** Links of one purpose the person has not used yet stop working (a newer one was sent). */
export function retire(tx: DbOrTx, userId: string, purpose: TokenPurpose, now = Date.now()): void {
	tx.update(emailTokens)
		.set({ usedAt: new Date(now) })
		.where(
			and(
				eq(emailTokens.userId, userId),
				eq(emailTokens.purpose, purpose),
				isNull(emailTokens.usedAt)
			)
		)
		.run();
}

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
export async function issue(
	tx: DbOrTx,
	userId: string,
	purpose: TokenPurpose,
	email: string,
	now = Date.now()
): Promise<string> {
	const id = randomString();
	await tx.insert(emailTokens).values({
		id,
		userId,
		purpose,
		email,
		secretHash: Buffer.from(hashSecret(secretOf(id))),
		createdAt: new Date(now),
		expiresAt: new Date(now + LIFETIME[purpose])
	});
	return id;
}

/** What goes in the link's path: `<id>.<secret>`. */
export function tokenFor(tokenId: string): string {
	return `${tokenId}.${secretOf(tokenId)}`;
}

const TOKEN = /^([a-km-np-z2-9]{24})\.([a-z2-7]{52})$/;

/** The unused, unexpired link `token` stands for, or null; it stays usable. */
export async function find(
	tx: DbOrTx,
	token: string,
	purpose: TokenPurpose,
	now = Date.now()
): Promise<EmailToken | null> {
	const parts = TOKEN.exec(token);
	if (!parts) return null;
	const [row] = await tx
		.select()
		.from(emailTokens)
		.where(and(eq(emailTokens.id, parts[1]!), eq(emailTokens.purpose, purpose)))
		.limit(1);
	if (!row || row.usedAt || row.expiresAt.getTime() <= now) return null;
	return secretMatches(parts[2]!, row.secretHash) ? row : null;
}

/** Like `find`, and marks the link used: it works once. */
export async function redeem(
	tx: DbOrTx,
	token: string,
	purpose: TokenPurpose,
	now = Date.now()
): Promise<EmailToken | null> {
	const row = await find(tx, token, purpose, now);
	if (!row) return null;
	// Marked only if still unused: of two uses at once, one finds it already used.
	const marked = await tx
		.update(emailTokens)
		.set({ usedAt: new Date(now) })
		.where(and(eq(emailTokens.id, row.id), isNull(emailTokens.usedAt)))
		.returning({ id: emailTokens.id });
	return marked.length === 1 ? row : null;
}

/** Links of one purpose the person has not used yet stop working (a newer one was sent). */
export async function retire(
	tx: DbOrTx,
	userId: string,
	purpose: TokenPurpose,
	now = Date.now()
): Promise<void> {
	await tx
		.update(emailTokens)
		.set({ usedAt: new Date(now) })
		.where(
			and(
				eq(emailTokens.userId, userId),
				eq(emailTokens.purpose, purpose),
				isNull(emailTokens.usedAt)
			)
		);
}

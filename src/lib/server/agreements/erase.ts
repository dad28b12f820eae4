import { and, eq, inArray, isNotNull, notExists, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { agreements, agreementVersions } from '../db/schema';
import type { VersionState } from '../../domain/agreements';

/** Versions the other partner never accepted: their words were the proposer's alone. */
const NEVER_AGREED: VersionState[] = ['proposed', 'declined', 'replaced', 'withdrawn'];

/**
 * A person's own words in the agreements of some spaces (all of them when `spaceIds` is null),
 * gone: what they proposed that was never agreed, the notes they declined with, and a retiring
 * they asked for. What both agreed to stays, as it is the other partner's too, and so does
 * everything the other partner proposed. Runs inside the caller's transaction, before the
 * account itself goes.
 */
export async function eraseWordsOf(
	tx: DbOrTx,
	userId: string,
	spaceIds: readonly string[] | null
): Promise<void> {
	const inSpaces = spaceIds ? inArray(agreements.spaceId, [...spaceIds]) : undefined;
	const versionsInSpaces = inSpaces
		? inArray(
				agreementVersions.agreementId,
				tx.select({ id: agreements.id }).from(agreements).where(inSpaces)
			)
		: undefined;
	await tx
		.delete(agreementVersions)
		.where(
			and(
				eq(agreementVersions.proposedBy, userId),
				inArray(agreementVersions.state, NEVER_AGREED),
				versionsInSpaces
			)
		);
	await tx
		.update(agreementVersions)
		.set({ declineNote: null })
		.where(
			and(
				eq(agreementVersions.decidedBy, userId),
				isNotNull(agreementVersions.declineNote),
				versionsInSpaces
			)
		);
	await tx
		.update(agreements)
		.set({ retireRequestedBy: null, retireRequestedAt: null })
		.where(and(eq(agreements.retireRequestedBy, userId), inSpaces));
	// What is left with no version at all was only ever theirs (they proposed its first version).
	await tx.delete(agreements).where(
		and(
			eq(agreements.createdBy, userId),
			inSpaces,
			notExists(
				tx
					.select({ one: sql`1` })
					.from(agreementVersions)
					.where(eq(agreementVersions.agreementId, agreements.id))
			)
		)
	);
}

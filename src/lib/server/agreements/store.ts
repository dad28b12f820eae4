import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { agreements, agreementVersions, type AgreementRow, type VersionRow } from '../db/schema';
import { AppError } from '../errors';
import type * as domain from '../../domain/agreements';

/** Reading and writing an agreement as the domain sees it: a row and its versions. */
export const toDomain = (row: AgreementRow, versions: VersionRow[]): domain.Agreement => ({
	versions: versions
		.sort((a, b) => a.number - b.number)
		.map((v) => ({
			number: v.number,
			title: v.title,
			details: v.details,
			appliesTo: v.appliesTo,
			reviewOn: v.reviewOn,
			state: v.state,
			proposedBy: v.proposedBy,
			proposedAt: v.proposedAt.getTime(),
			decidedBy: v.decidedBy,
			decidedAt: v.decidedAt?.getTime() ?? null,
			declineNote: v.declineNote,
			basedOn: v.basedOn
		})),
	retireRequestedBy: row.retireRequestedBy,
	retireRequestedAt: row.retireRequestedAt?.getTime() ?? null,
	retiredBy: row.retiredBy,
	retiredAt: row.retiredAt?.getTime() ?? null
});

export async function loadIn(tx: DbOrTx, spaceId: string, agreementId: string) {
	const [row] = await tx
		.select()
		.from(agreements)
		.where(and(eq(agreements.id, agreementId), eq(agreements.spaceId, spaceId)))
		.limit(1);
	if (!row) throw new AppError('not_found', 'We could not find that agreement.');
	const versions = await tx
		.select()
		.from(agreementVersions)
		.where(eq(agreementVersions.agreementId, row.id));
	return { row, agreement: toDomain(row, versions) };
}

export async function save(
	tx: DbOrTx,
	agreementId: string,
	before: domain.Agreement,
	after: domain.Agreement
): Promise<void> {
	await tx
		.update(agreements)
		.set({
			retireRequestedBy: after.retireRequestedBy,
			retireRequestedAt:
				after.retireRequestedAt === null ? null : new Date(after.retireRequestedAt),
			retiredBy: after.retiredBy,
			retiredAt: after.retiredAt === null ? null : new Date(after.retiredAt)
		})
		.where(eq(agreements.id, agreementId));
	for (const v of after.versions) {
		const old = before.versions.find((x) => x.number === v.number);
		if (old && JSON.stringify(old) === JSON.stringify(v)) continue;
		const values = {
			...v,
			agreementId,
			proposedAt: new Date(v.proposedAt),
			decidedAt: v.decidedAt === null ? null : new Date(v.decidedAt)
		};
		await tx
			.insert(agreementVersions)
			.values(values)
			.onConflictDoUpdate({
				target: [agreementVersions.agreementId, agreementVersions.number],
				set: values
			});
	}
}

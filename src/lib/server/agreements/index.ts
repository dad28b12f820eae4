import { and, asc, eq } from 'drizzle-orm';
import { transaction, type Db, type DbOrTx } from '../db';
import { agreements, agreementVersions } from '../db/schema';
import { loadIn, save, toDomain } from './store';
import { randomString } from '../auth/tokens';
import { allows, authorize, whoMayKnow } from '../policy';
import { tell } from '../notifications';
import type { NotificationKind } from '../../domain/notifications';
import { AppError } from '../errors';
import { log } from '../log';
import * as domain from '../../domain/agreements';
import * as notify from '../spaces/notify';
import type { ForWhom } from './schemas';
import { ownKey } from '../keys';

export * from './schemas';
export { logKeeping, record, consistency } from './keeping';
export { present, type AgreementView } from './view';

/** The form speaks from the proposer's side ("me", "you"); the record from the proposal's. */
export function termsFrom(input: {
	title: string;
	details: string;
	forWhom: ForWhom;
	reviewOn: string | null;
}): domain.Terms {
	const appliesTo = ({ me: 'proposer', you: 'other', both: 'both' } as const)[input.forWhom];
	return { title: input.title, details: input.details, appliesTo, reviewOn: input.reviewOn };
}

/** The same terms as the form would show them to `viewerId`. */
export function forWhomOf(version: domain.Version, viewerId: string): ForWhom {
	if (version.appliesTo === 'both') return 'both';
	const proposerIsViewer = version.proposedBy === viewerId;
	return (version.appliesTo === 'proposer') === proposerIsViewer ? 'me' : 'you';
}

/** A partner proposes a new agreement; it waits for the other partner. Sent twice, made once. */
export async function propose(
	db: Db,
	userId: string,
	spaceId: string,
	input: ({ clientId: string } | { systemKey: string }) & { terms: domain.Terms },
	now = Date.now()
) {
	await authorize(db, userId, 'agreement.act', spaceId);
	const key = 'systemKey' in input ? input.systemKey : ownKey(userId, input.clientId);
	const result = await transaction(db, async (tx) => {
		const [existing] = await tx
			.select({ id: agreements.id })
			.from(agreements)
			.where(and(eq(agreements.spaceId, spaceId), eq(agreements.clientId, key)))
			.limit(1);
		if (existing) return { id: existing.id, created: false };
		const outcome = domain.apply(
			domain.empty(),
			userId,
			{ type: 'propose', terms: input.terms },
			now
		);
		if (!outcome.ok) throw new AppError('conflict', domain.refusalMessages[outcome.refusal]);
		const id = randomString();
		await tx.insert(agreements).values({
			id,
			spaceId,
			createdBy: userId,
			createdAt: new Date(now),
			clientId: key
		});
		await save(tx, id, domain.empty(), outcome.agreement);
		await tellPartner(tx, spaceId, userId, id, 'agreement_to_answer', now);
		return { id, created: true };
	});
	if (result.created) {
		notify.changed(spaceId);
		log.info('agreement_proposed', { spaceId, userId, agreementId: result.id });
	}
	return result;
}

/** What the other partner is told of each step. */
const KIND_OF_STEP: Record<domain.Command['type'], NotificationKind> = {
	propose: 'agreement_to_answer',
	suggest: 'agreement_to_answer',
	revise: 'agreement_to_answer',
	requestRetire: 'agreement_to_answer',
	accept: 'agreement_accepted',
	decline: 'agreement_changed',
	withdraw: 'agreement_changed',
	acceptRetire: 'agreement_changed',
	cancelRetire: 'agreement_changed'
};

/** Agreements are the partners' own: the other partner is told, not a counselor. */
async function tellPartner(
	tx: DbOrTx,
	spaceId: string,
	userId: string,
	agreementId: string,
	kind: NotificationKind,
	now: number
): Promise<void> {
	await tell(
		tx,
		await whoMayKnow(tx, spaceId, (v) => v.role === 'partner', userId),
		{ kind, spaceId, path: `/spaces/${spaceId}/agreements/${agreementId}` },
		now
	);
}

/** Any other step in an agreement's life, as the domain allows it. Repeating a step is harmless. */
export async function act(
	db: Db,
	userId: string,
	spaceId: string,
	agreementId: string,
	command: domain.Command,
	now = Date.now()
) {
	await authorize(db, userId, 'agreement.act', spaceId);
	const changed = await transaction(db, async (tx) => {
		const { agreement } = await loadIn(tx, spaceId, agreementId);
		if (domain.alreadyDone(agreement, userId, command)) return false;
		const outcome = domain.apply(agreement, userId, command, now);
		if (!outcome.ok) throw new AppError('conflict', domain.refusalMessages[outcome.refusal]);
		await save(tx, agreementId, agreement, outcome.agreement);
		await tellPartner(tx, spaceId, userId, agreementId, KIND_OF_STEP[command.type], now);
		return true;
	});
	if (changed) {
		notify.changed(spaceId);
		log.info('agreement_changed', { spaceId, userId, agreementId, step: command.type });
	}
}

// Read on every visit to the space home and the agreements page.
const agreementsIn = (db: DbOrTx, spaceId: string) =>
	db
		.select()
		.from(agreements)
		.where(eq(agreements.spaceId, spaceId))
		.orderBy(asc(agreements.createdAt));
const versionsIn = (db: DbOrTx, spaceId: string) =>
	db
		.select()
		.from(agreementVersions)
		.innerJoin(agreements, eq(agreements.id, agreementVersions.agreementId))
		.where(eq(agreements.spaceId, spaceId));

/**
 * Every agreement of the space as this person may see it (agreements are shared by nature), and
 * what waits for their answer: only for someone the policy lets answer (not a counselor, nobody
 * in a closed space).
 */
export async function list(db: DbOrTx, userId: string, spaceId: string) {
	await authorize(db, userId, 'agreement.view', spaceId);
	const answers = await allows(db, userId, 'agreement.act', spaceId);
	const rows = await agreementsIn(db, spaceId);
	const versions = rows.length
		? (await versionsIn(db, spaceId)).map((r) => r.agreement_versions)
		: [];
	return rows.map((row) => {
		const a = toDomain(
			row,
			versions.filter((v) => v.agreementId === row.id)
		);
		return {
			id: row.id,
			agreement: a,
			status: domain.statusOf(a),
			awaits: answers ? domain.awaitsAnswerFrom(a, userId) : null
		};
	});
}

export async function get(db: DbOrTx, userId: string, spaceId: string, agreementId: string) {
	await authorize(db, userId, 'agreement.view', spaceId);
	const { row, agreement } = await loadIn(db, spaceId, agreementId);
	return {
		id: row.id,
		agreement,
		status: domain.statusOf(agreement),
		awaits: (await allows(db, userId, 'agreement.act', spaceId))
			? domain.awaitsAnswerFrom(agreement, userId)
			: null
	};
}

import { and, asc, eq, isNull } from 'drizzle-orm';
import { transaction, type Db, type DbOrTx } from '../db';
import { checkinTemplates } from '../db/schema';
import { randomString } from '../auth/tokens';
import { AppError } from '../errors';
import { weeklyTrust, WEEKLY_TRUST_ID, type Template } from '../../domain/checkins';

/**
 * A counselor's check-in templates. A schedule keeps its own copy of the questions from the
 * moment it was assigned, so changing, archiving or duplicating a template never touches a
 * check-in already running, nor any answer already given.
 */

type Counselor = { id: string; kind: string };

const mustBeCounselor = (user: Counselor) => {
	if (user.kind !== 'counselor')
		throw new AppError('forbidden', 'Check-in templates are written by counselors.');
};
const notFound = () => new AppError('not_found', 'We could not find that template.');

export interface OwnTemplate extends Template {
	archivedAt: number | null;
	updatedAt: number;
}

/** Every template a counselor wrote, archived ones too (for their templates page and export). */
export async function ownTemplates(db: DbOrTx, counselorId: string): Promise<OwnTemplate[]> {
	const rows = await db
		.select()
		.from(checkinTemplates)
		.where(eq(checkinTemplates.counselorId, counselorId))
		.orderBy(asc(checkinTemplates.createdAt), asc(checkinTemplates.id));
	return rows.map((t) => ({
		id: t.id,
		title: t.title,
		questions: t.questions,
		archivedAt: t.archivedAt?.getTime() ?? null,
		updatedAt: t.updatedAt.getTime()
	}));
}

/** The templates a counselor can assign now: the built-in one and their own, not archived. */
export async function templatesFor(db: DbOrTx, counselorId: string): Promise<Template[]> {
	const own = (
		await db
			.select()
			.from(checkinTemplates)
			.where(
				and(eq(checkinTemplates.counselorId, counselorId), isNull(checkinTemplates.archivedAt))
			)
			.orderBy(asc(checkinTemplates.createdAt), asc(checkinTemplates.id))
	).map((t) => ({ id: t.id, title: t.title, questions: t.questions }));
	return [weeklyTrust, ...own];
}

/** One of this counselor's own templates; anyone else's is not there for them. */
export async function ownTemplate(
	db: DbOrTx,
	user: Counselor,
	templateId: string
): Promise<OwnTemplate> {
	mustBeCounselor(user);
	const found = (await ownTemplates(db, user.id)).find((t) => t.id === templateId);
	if (!found) throw notFound();
	return found;
}

/** A template to start from: the built-in one or one's own (for duplicating). */
async function sourceOf(db: DbOrTx, user: Counselor, templateId: string): Promise<Template> {
	if (templateId === WEEKLY_TRUST_ID) return weeklyTrust;
	return ownTemplate(db, user, templateId);
}

/** A counselor writes a template of their own. Sent twice, saved once. */
export async function createTemplate(
	db: Db,
	user: Counselor,
	input: { clientId: string; title: string; questions: Template['questions'] },
	now = Date.now()
) {
	mustBeCounselor(user);
	return transaction(db, async (tx) => {
		const [existing] = await tx
			.select({ id: checkinTemplates.id })
			.from(checkinTemplates)
			.where(
				and(
					eq(checkinTemplates.counselorId, user.id),
					eq(checkinTemplates.clientId, input.clientId)
				)
			)
			.limit(1);
		if (existing) return { id: existing.id, created: false };
		const id = randomString();
		await tx.insert(checkinTemplates).values({
			id,
			counselorId: user.id,
			title: input.title,
			questions: input.questions,
			clientId: input.clientId,
			createdAt: new Date(now),
			updatedAt: new Date(now)
		});
		return { id, created: true };
	});
}

/**
 * Changes the words of one's own template. Only check-ins assigned from now on use them: each
 * running schedule asks what it was assigned with, so past answers keep their own questions.
 */
export async function updateTemplate(
	db: Db,
	user: Counselor,
	templateId: string,
	input: { title: string; questions: Template['questions'] },
	now = Date.now()
): Promise<void> {
	await transaction(db, async (tx) => {
		await ownTemplate(tx, user, templateId);
		await tx
			.update(checkinTemplates)
			.set({ title: input.title, questions: input.questions, updatedAt: new Date(now) })
			.where(eq(checkinTemplates.id, templateId));
	});
}

/** A copy of a template (one's own or the built-in one) to change freely. Sent twice, one copy. */
export async function duplicateTemplate(
	db: Db,
	user: Counselor,
	templateId: string,
	clientId: string,
	now = Date.now()
) {
	const source = await sourceOf(db, user, templateId);
	return createTemplate(
		db,
		user,
		{
			clientId: `copy-${templateId}-${clientId}`.slice(0, 120),
			title: copyTitle(source.title),
			questions: source.questions
		},
		now
	);
}

/** "Copy of …", kept within the length a title may have. */
export const copyTitle = (title: string) => `Copy of ${title}`.slice(0, 120);

/** Archiving hides a template from new check-ins; restoring offers it again. Repeats are harmless. */
export async function setArchived(
	db: Db,
	user: Counselor,
	templateId: string,
	archived: boolean,
	now = Date.now()
): Promise<void> {
	await transaction(db, async (tx) => {
		const t = await ownTemplate(tx, user, templateId);
		if ((t.archivedAt !== null) === archived) return;
		await tx
			.update(checkinTemplates)
			.set({ archivedAt: archived ? new Date(now) : null, updatedAt: new Date(now) })
			.where(eq(checkinTemplates.id, templateId));
	});
}

import { z } from 'zod';
import { feelings, LIMITS, type NoteContent, type NoteKind } from '../../domain/notes';
import { promptById } from '../../domain/prompts';
import { clientId, id, many, optional, requiredText, text, wholeNumber } from '../forms-schemas';

const promptId = optional(
	z.string().refine((p) => promptById(p, null) !== null, 'That prompt is not one of ours.')
).transform((p) => p ?? null);

export const journalFields = z.object({
	body: requiredText(LIMITS.body, 'Please write something before saving.'),
	promptId
});

export const emotionFields = z.object({
	feelings: many(
		z.enum(feelings as [string, ...string[]], { error: 'Please choose from the feelings listed.' })
	)
		.refine((f) => f.length > 0, 'Please pick at least one feeling.')
		.refine((f) => f.length <= LIMITS.feelings, `Please pick at most ${LIMITS.feelings} feelings.`)
		.transform((f) => [...new Set(f)]),
	intensity: wholeNumber(0, 10, 'Please choose a number from 0 to 10.'),
	note: text(LIMITS.field)
});

const belief = wholeNumber(0, 100, 'Please give a number from 0 to 100.');
export const thoughtFields = z.object({
	thought: requiredText(LIMITS.field, 'Please write down the thought first.'),
	evidenceFor: text(LIMITS.field),
	evidenceAgainst: text(LIMITS.field),
	balanced: text(LIMITS.field),
	beliefBefore: belief,
	beliefAfter: belief
});

export const compassionFields = z.object({
	hard: requiredText(LIMITS.field, 'Please write a few words about what is hard right now.'),
	shared: text(LIMITS.field),
	friend: text(LIMITS.field),
	care: text(LIMITS.field)
});

export const statementFields = z.object({
	when: text(LIMITS.field),
	feel: requiredText(LIMITS.field, 'Please say what you feel.'),
	need: requiredText(LIMITS.field, 'Please say what you need.'),
	request: text(LIMITS.field)
});

export const questionFields = z.object({
	question: requiredText(LIMITS.field, 'Please write your question.'),
	why: text(LIMITS.field)
});

export const fieldsOf = {
	journal: journalFields,
	emotion: emotionFields,
	thought: thoughtFields,
	compassion: compassionFields,
	statement: statementFields,
	question: questionFields
} as const;

export const created = z.object({ clientId });

/**
 * A changed note: its fields as posted, read as that kind's content, and when the note the
 * form was showing had last been saved (so a save from another device meanwhile is noticed).
 */
export const editInput = (kind: NoteKind) =>
	fieldsOf[kind]
		.extend({ seen: optional(z.coerce.number().int().min(0)) })
		.transform(({ seen, ...fields }) => ({ seen, content: { kind, ...fields } as NoteContent }));

/** A new note: its content plus the form's own id, which makes saving it twice harmless. */
export const newNoteInput = (kind: NoteKind) =>
	fieldsOf[kind].extend(created.shape).transform(({ clientId, ...fields }) => ({
		clientId,
		content: { kind, ...fields } as NoteContent
	}));
export const noteRef = z.object({ noteId: id });

/**
 * A draft's key: `new-<kind>` (with a prompt: `new-journal-<prompt>`), and `~<fork>` after it for
 * a second new note of the same kind begun on another device meanwhile; or `edit-<note>`.
 */
export const draftKey = z
	.string()
	.regex(
		/^(new-(journal|emotion|thought|compassion|statement|question)(-[a-z0-9-]{1,40})?(~[a-z0-9]{6})?|edit-[a-z0-9]{1,64})$/,
		'That draft is not valid.'
	);
/** The fork part of a new note's draft, as a "continue" link carries it. */
export const draftFork = z.string().regex(/^[a-z0-9]{6}$/);

const DRAFT_FIELDS = new Set(
	Object.values(fieldsOf).flatMap((schema) => Object.keys(schema.shape))
);

/** A draft holds what was typed so far, as typed: nothing is required yet. */
const draftValue = z.union([
	z.string().max(LIMITS.body),
	z.array(z.string().max(64)).max(LIMITS.feelings * 2)
]);
export const draftInput = z
	.object({ draftKey, basedOn: optional(z.coerce.number().int().min(0)) })
	.catchall(draftValue)
	.transform(({ draftKey, basedOn, ...fields }) => {
		const kept: Record<string, string | string[]> = {};
		for (const [key, value] of Object.entries(fields)) if (DRAFT_FIELDS.has(key)) kept[key] = value;
		return { draftKey, basedOn, fields: kept };
	});

/**
 * A place in the journal that a page starts from: a note's time (milliseconds) and id, as the
 * "Older notes" and "Newer notes" links carry it (`1795324998618-xpcw…`). Notes written in the
 * same millisecond are told apart by their ids, so none falls between two pages. A place
 * without an id (or with one of no note) still counts from that moment.
 */
export const pageCursor = z
	.string()
	.max(100)
	.regex(/^\d{1,16}(-[a-z0-9]{1,64})?$/)
	.transform((cursor) => {
		const [at, id = ''] = cursor.split('-');
		return { at: Number(at), id };
	})
	.refine((c) => Number.isSafeInteger(c.at) && c.at > 0);

/** A place in the journal: a note's time (milliseconds) and id. */
export type Cursor = z.output<typeof pageCursor>;

/** A place in the journal as a link carries it (see `pageCursor`). */
export const cursorOf = (place: Cursor): string =>
	place.id ? `${place.at}-${place.id}` : `${place.at}`;

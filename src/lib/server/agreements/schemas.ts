import { z } from 'zod';
import { keepingOutcomes } from '../../domain/agreements';
import { clientId, id, optional, requiredText, text } from '../forms-schemas';

/** Who it is for, as the person filling in the form sees it. */
export const forWhom = ['me', 'you', 'both'] as const;
export type ForWhom = (typeof forWhom)[number];

const reviewOn = optional(
	z
		.string()
		.regex(/^\d{4}-\d{2}-\d{2}$/, 'Please give a date like 2027-03-31.')
		.refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'Please give a real date.')
).transform((d) => d ?? null);

export const termsInput = z.object({
	title: requiredText(120, 'Please give the agreement a short title.'),
	details: requiredText(2_000, 'Please say what exactly is agreed.'),
	forWhom: z.enum(forWhom, { error: 'Please choose who this is for.' }),
	reviewOn
});

export const proposeInput = termsInput.extend({ clientId });

export const versionRef = z.object({ version: z.coerce.number().int().min(1).max(10_000) });

export const declineInput = versionRef.extend({
	note: text(1_000)
});

export const suggestInput = termsInput.extend(versionRef.shape);

export const keepingInput = z.object({
	clientId,
	outcome: z.enum(keepingOutcomes, { error: 'Please say whether it was kept.' }),
	note: text(1_000),
	noteShared: optional(z.literal('yes')).transform((v) => v === 'yes')
});

export const agreementRef = z.object({ agreementId: id });

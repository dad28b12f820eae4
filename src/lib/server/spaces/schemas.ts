import { z } from 'zod';
import { memberRoles, perspectives, safetyAnswers } from '../../domain/spaces';
import { clientId, optional } from '../forms-schemas';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

export const spaceId = z.string().min(1).max(64);

export const createSpaceInput = z.object({
	name: z
		.string()
		.trim()
		.max(80, 'Please keep the name to 80 characters or fewer.')
		.refine((s) => !CONTROL.test(s), 'Please use ordinary letters, numbers and punctuation.')
		.optional()
		.default(''),
	perspective: optional(z.enum(perspectives, { error: 'Please choose one of the options.' })),
	safety: optional(z.enum(safetyAnswers, { error: 'Please choose one of the options.' })),
	clientId: optional(clientId)
});

export const joinInput = z.object({
	perspective: optional(z.enum(perspectives, { error: 'Please choose one of the options.' })),
	safety: optional(z.enum(safetyAnswers, { error: 'Please choose one of the options.' }))
});

export const inviteRoleInput = z.object({
	role: z.enum(memberRoles, { error: 'Please choose who to invite.' })
});

export const counselorInput = z.object({ counselorId: z.string().min(1).max(64) });

export const perspectiveInput = z.object({
	perspective: optional(z.enum(perspectives, { error: 'Please choose one of the options.' }))
});

export const safetyInput = z.object({
	safety: z.enum(safetyAnswers, { error: 'Please choose one of the options.' })
});

/** A link secret or a short code as typed; both are checked against stored hashes only. */
export const inviteSecret = z
	.string()
	.trim()
	.min(1, 'Please enter the invite code.')
	.max(64, 'That code is too long.');

export const codeInput = z.object({ code: inviteSecret });

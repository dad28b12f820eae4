import { z } from 'zod';
import { memberRoles, perspectives, safetyAnswers } from '../../domain/spaces';
import { clientId, optional, shownName } from '../forms-schemas';

export const spaceId = z.string().min(1).max(64);

export const createSpaceInput = z.object({
	name: shownName(80, null, 'Please keep the name to 80 characters or fewer.')
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

/** Putting away a notice that a counselor's request ended. */
export const dismissNoticeInput = z.object({
	kind: z.enum(['request', 'approval']),
	id: z.string().min(1).max(64)
});

/**
 * Who a shared item is for. Sharing copies a note into a separate item; the private
 * original never changes and is never reachable through the copy.
 */
export const audiences = ['partner', 'counselor', 'both'] as const;
export type Audience = (typeof audiences)[number];

export const audienceLabels: Record<Audience, string> = {
	partner: 'Partner',
	counselor: 'Counselor',
	both: 'Both'
};

export const reachesPartner = (a: Audience) => a === 'partner' || a === 'both';
export const reachesCounselor = (a: Audience) => a === 'counselor' || a === 'both';

/** What became of the copies shared from one note: who a copy reaches now, and whether one was withdrawn. */
export interface Copies {
	audiences: readonly Audience[];
	withdrawn: boolean;
}

/** How the author's journal says it: private, shared (and with whom), or shared and withdrawn. */
export function copiesText(copies: Copies | undefined): {
	state: 'private' | 'shared' | 'withdrawn';
	text: string;
} {
	const partner = copies?.audiences.some(reachesPartner) ?? false;
	const counselor = copies?.audiences.some(reachesCounselor) ?? false;
	if (partner || counselor) {
		const whom =
			partner && counselor
				? 'your partner and your counselor'
				: partner
					? 'your partner'
					: 'your counselor';
		return { state: 'shared', text: `A copy is shared with ${whom}` };
	}
	if (copies?.withdrawn)
		return { state: 'withdrawn', text: 'Shared copy withdrawn: private again' };
	return { state: 'private', text: 'Private' };
}

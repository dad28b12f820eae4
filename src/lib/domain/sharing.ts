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

/**
 * What waits for a person in a space, as their home lists it (shared by the server and the
 * page). Each thing is a count and a link, never its content: home is the first screen after
 * logging in, and may be seen over a shoulder.
 */
export const waitingKinds = [
	'conversation_live',
	'checkin',
	'agreement',
	'counselor_asking',
	'partner_ready',
	'shared',
	'conversation_planned'
] as const;
export type WaitingKind = (typeof waitingKinds)[number];

export interface WaitingItem {
	kind: WaitingKind;
	/** How many things of this kind wait (at least one). */
	count: number;
	/** For planned conversations: when the next one is. */
	at?: number;
	/** The page where it is answered: the thing itself when there is one, else its list. */
	href: string;
}

const many = (count: number, one: string, more: string) =>
	count === 1 ? one : more.replace('#', String(count));

/**
 * The words for one waiting thing. For a planned conversation they lead into its time, which
 * the page writes after them.
 */
export function waitingWords({ kind, count }: WaitingItem): string {
	switch (kind) {
		case 'conversation_live':
			return many(count, 'A conversation is going on now', '# conversations are going on now');
		case 'checkin':
			return many(count, 'A check-in is waiting for you', '# check-ins are waiting for you');
		case 'agreement':
			return many(count, 'An agreement needs your answer', '# agreements need your answer');
		case 'counselor_asking':
			return many(count, 'A counselor is asking to join', '# counselors are asking to join');
		case 'partner_ready':
			return 'Your partner is ready to move on, whenever you are';
		case 'shared':
			return many(
				count,
				'Something was shared with you that you have not opened yet',
				'# things were shared with you that you have not opened yet'
			);
		case 'conversation_planned':
			return many(
				count,
				'A conversation is planned for',
				'# conversations are planned, the next for'
			);
	}
}

import type { DbOrTx } from '../db';
import { allows, authorize } from '../policy';
import * as agreements from '../agreements';
import * as checkins from '../checkins';
import * as conversations from '../conversations';
import * as journey from '../journey';
import * as sharing from '../sharing';
import * as spaces from '../spaces';
import type { WaitingItem, WaitingKind } from '../../waiting';

export interface Waiting {
	items: WaitingItem[];
	/** When something will start waiting by itself (a check-in falling due), for the page to look again. */
	lookAgainAt: number | null;
}

const nothing = (): Waiting => ({ items: [], lookAgainAt: null });

/**
 * What waits for this person in each of these spaces, each thing as a count and a link. Every
 * fact comes from the service that owns it, through the policy: only what this person may see
 * and act on. A space they cannot see (or no longer take part in) has nothing waiting.
 */
export async function waitingFor(
	db: DbOrTx,
	userId: string,
	spaceIds: readonly string[],
	now = Date.now()
): Promise<Record<string, Waiting>> {
	const waiting: Record<string, Waiting> = {};
	for (const id of spaceIds) waiting[id] = await inSpace(db, userId, id, now);
	return waiting;
}

async function inSpace(db: DbOrTx, userId: string, spaceId: string, now: number): Promise<Waiting> {
	if (!(await allows(db, userId, 'space.view', spaceId))) return nothing();
	const { space, membership } = await authorize(db, userId, 'space.view', spaceId);
	if (space.status !== 'active' || membership.status !== 'active') return nothing();

	const base = `/spaces/${spaceId}`;
	const items: WaitingItem[] = [];
	const add = (kind: WaitingKind, count: number, href: string, at?: number) => {
		if (count > 0) items.push({ kind, count, href, ...(at === undefined ? {} : { at }) });
	};
	/** Things with a page each: that page when there is one, their list when there are more. */
	const addEach = (kind: WaitingKind, hrefs: string[], list: string, at?: number) =>
		add(kind, hrefs.length, hrefs.length === 1 ? hrefs[0]! : list, at);

	const talks = await conversations.list(db, userId, spaceId);
	addEach(
		'conversation_live',
		talks
			.filter((c) => c.state.status === 'live' || c.state.status === 'paused')
			.map((c) => `${base}/conversations/${c.id}`),
		`${base}/conversations`
	);

	// Only partners owe check-ins: for anyone else nothing is due.
	const due = await checkins.dueFor(db, userId, spaceId, now);
	addEach(
		'checkin',
		due.open.map((d) => `${base}/checkins/${d.scheduleId}/${d.day}`),
		`${base}/checkins`
	);

	// Only someone who may answer agreements is waited for (never a counselor).
	addEach(
		'agreement',
		(await agreements.list(db, userId, spaceId))
			.filter((a) => a.awaits !== null)
			.map((a) => `${base}/agreements/${a.id}`),
		`${base}/agreements`
	);

	// Approving a counselor is the partners' alone; "This space" is where they answer.
	if (await allows(db, userId, 'space.decideCounselor', spaceId))
		add(
			'counselor_asking',
			await spaces.counselorsAwaiting(db, userId, spaceId),
			`${base}/settings`
		);

	if (await allows(db, userId, 'journey.act', spaceId)) {
		const { stage, partners } = await journey.atAGlance(db, userId, spaceId);
		const me = partners.find((p) => p.isMe);
		const otherReady = partners.some((p) => !p.isMe && p.ready);
		add('partner_ready', me && !me.ready && otherReady ? 1 : 0, `${base}/stages/${stage}`);
	}

	add('shared', await sharing.unreadCount(db, userId, spaceId), `${base}/shared`);

	const planned = talks
		.filter((c) => c.state.status === 'scheduled' && c.scheduledFor !== null)
		.sort((a, b) => a.scheduledFor!.getTime() - b.scheduledFor!.getTime());
	addEach(
		'conversation_planned',
		planned.map((c) => `${base}/conversations/${c.id}`),
		`${base}/conversations`,
		planned[0]?.scheduledFor?.getTime()
	);

	return { items, lookAgainAt: due.next?.dueAt ?? null };
}

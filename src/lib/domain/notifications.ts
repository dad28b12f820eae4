import { dayIn, wallClock } from './schedule';

/**
 * What Trellis can tell a person who is away, grouped as the account page offers them. The words
 * here are all a message ever says about an event (and only when the person asked for that):
 * never a name, a stage or anything anyone wrote.
 */
export const notificationGroups = [
	'agreements',
	'checkins',
	'counselor',
	'conversations',
	'shared',
	'together'
] as const;
export type NotificationGroup = (typeof notificationGroups)[number];

export const groupLabels: Record<NotificationGroup, string> = {
	agreements: 'Agreements: one needs your answer, was accepted or changed',
	checkins: 'Check-ins: one is due or still waiting, or was answered',
	counselor: 'Counselors: asking to join, admitted, or not joining',
	conversations: 'Conversations: one started, is planned or about to start, or a time-out ends',
	shared: 'Something shared with you',
	together: 'Your partner and the stages: joining, being ready, moving on'
};

/** What needs an answer is on by email until a person says otherwise; nothing else is. */
export const defaultEmailGroups: readonly NotificationGroup[] = [
	'agreements',
	'checkins',
	'counselor',
	'conversations'
];

export const notificationKinds = {
	partner_joined: { group: 'together', says: 'Your partner joined your space' },
	partner_ready: { group: 'together', says: 'Your partner is ready to move on' },
	stage_moved: { group: 'together', says: 'Your space moved on to the next stage' },
	stage_back: { group: 'together', says: 'Your space went back a stage' },
	answers_in: { group: 'together', says: 'Both of your answers are in' },
	choices_revealed: { group: 'together', says: 'Both choices were revealed' },
	shared: { group: 'shared', says: 'Something was shared with you' },
	agreement_to_answer: { group: 'agreements', says: 'An agreement needs your answer' },
	agreement_accepted: { group: 'agreements', says: 'An agreement was accepted' },
	agreement_changed: { group: 'agreements', says: 'A change to an agreement was proposed' },
	conversation_started: { group: 'conversations', says: 'A conversation has started' },
	conversation_planned: { group: 'conversations', says: 'A conversation was planned' },
	conversation_soon: {
		group: 'conversations',
		says: 'A planned conversation starts within the hour'
	},
	conversation_starting: { group: 'conversations', says: 'A planned conversation is starting' },
	timeout_ending: { group: 'conversations', says: 'A time-out in your conversation is ending' },
	checkin_due: { group: 'checkins', says: 'A check-in is due' },
	checkin_reminder: { group: 'checkins', says: 'A check-in is still waiting for your answer' },
	checkin_answered: { group: 'checkins', says: 'A check-in was answered by both partners' },
	checkin_drop: { group: 'checkins', says: 'A check-in shows a sharp drop in a rating' },
	counselor_asking: { group: 'counselor', says: 'A counselor is asking to join' },
	counselor_admitted: { group: 'counselor', says: 'You were admitted to a couple’s space' },
	counselor_declined: {
		group: 'counselor',
		says: 'A couple has decided not to add a counselor for now'
	},
	counselor_not_joining: {
		group: 'counselor',
		says: 'A counselor you approved will not be joining for now'
	}
} as const satisfies Record<string, { group: NotificationGroup; says: string }>;
export type NotificationKind = keyof typeof notificationKinds;

/** Reminders of a moment: they go as soon as they are noted, not after a batch settles. */
export const promptKinds: readonly NotificationKind[] = [
	'conversation_soon',
	'conversation_starting',
	'timeout_ending'
];

export function isNotificationKind(kind: string): kind is NotificationKind {
	return Object.hasOwn(notificationKinds, kind);
}

/** The words every message uses unless the person asked to be told the kind of thing. */
export const NEUTRAL = 'There is something new for you in Trellis';

/** Events close together go as one message: sent once things have been quiet this long… */
export const BATCH_QUIET_MS = 3 * 60_000;
/** …or once the oldest has waited this long, whichever comes first. */
export const BATCH_LONGEST_MS = 10 * 60_000;
/** The daily digest goes out at this time of the person's day (minutes after midnight). */
export const DIGEST_AT = 9 * 60;

export interface Timing {
	timeZone: string;
	quietFrom: number | null;
	quietUntil: number | null;
	digest: boolean;
	digestSentOn: string | null;
}

const minuteOfDay = (at: number, tz: string) => {
	const w = wallClock(at, tz);
	return w.hour * 60 + w.minute;
};

/** Whether the person's clock is inside their quiet hours (which may span midnight). */
export function inQuietHours(t: Timing, now: number): boolean {
	if (t.quietFrom === null || t.quietUntil === null || t.quietFrom === t.quietUntil) return false;
	const m = minuteOfDay(now, t.timeZone);
	return t.quietFrom < t.quietUntil
		? m >= t.quietFrom && m < t.quietUntil
		: m >= t.quietFrom || m < t.quietUntil;
}

/**
 * Whether what waits for a person (created at `times`) should go now: never in quiet hours; with
 * a digest, once a day from its hour; otherwise once a batch has settled, or at once for a
 * reminder of a moment.
 */
export function dueNow(
	t: Timing,
	times: readonly number[],
	now: number,
	batch = { quietMs: BATCH_QUIET_MS, longestMs: BATCH_LONGEST_MS },
	/** Something among them is a reminder of a moment. */
	prompt = false
): boolean {
	if (times.length === 0 || inQuietHours(t, now)) return false;
	if (t.digest)
		return minuteOfDay(now, t.timeZone) >= DIGEST_AT && t.digestSentOn !== dayIn(now, t.timeZone);
	if (prompt) return true;
	const newest = Math.max(...times);
	const oldest = Math.min(...times);
	return now - newest >= batch.quietMs || now - oldest >= batch.longestMs;
}

/** "HH:MM" for minutes after midnight, and back (null for anything else). */
export function clockText(minutes: number): string {
	return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function clockMinutes(text: string): number | null {
	const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
	return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

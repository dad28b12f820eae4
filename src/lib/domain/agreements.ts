/**
 * The life of a shared agreement, free of I/O. An agreement is a line of versions: one
 * partner proposes, the other accepts (or declines, or suggests a change, which becomes a new
 * proposal). Changing an active agreement proposes a new version; the old one stays in force
 * until the new one is accepted. Retiring needs both partners too.
 */
export const versionStates = [
	'proposed',
	'active',
	'superseded',
	'declined',
	'replaced',
	'withdrawn'
] as const;
export type VersionState = (typeof versionStates)[number];

/** Who the commitment is for, seen from the person who proposed it. */
export const appliesTo = ['proposer', 'other', 'both'] as const;
export type AppliesTo = (typeof appliesTo)[number];

export interface Terms {
	title: string;
	details: string;
	appliesTo: AppliesTo;
	/** YYYY-MM-DD, or null. */
	reviewOn: string | null;
}

export interface Version extends Terms {
	number: number;
	state: VersionState;
	proposedBy: string;
	proposedAt: number;
	/** Who accepted, declined or withdrew it, and when. */
	decidedBy: string | null;
	decidedAt: number | null;
	declineNote: string | null;
	/** The version this one changes or answers, if any. */
	basedOn: number | null;
}

export interface Agreement {
	versions: Version[];
	retireRequestedBy: string | null;
	retireRequestedAt: number | null;
	retiredBy: string | null;
	retiredAt: number | null;
}

export type Command =
	| { type: 'propose'; terms: Terms }
	| { type: 'accept'; version: number }
	| { type: 'decline'; version: number; note: string }
	| { type: 'suggest'; version: number; terms: Terms }
	| { type: 'withdraw'; version: number }
	| { type: 'revise'; terms: Terms }
	| { type: 'requestRetire' }
	| { type: 'acceptRetire' }
	| { type: 'cancelRetire' };

export type Status = 'proposed' | 'active' | 'declined' | 'withdrawn' | 'retired';

export type Refusal =
	| 'own_proposal'
	| 'not_proposer'
	| 'not_pending'
	| 'not_active'
	| 'pending_change'
	| 'retired'
	| 'retire_pending'
	| 'no_retire_request'
	| 'own_retire_request'
	| 'unchanged';

export const refusalMessages: Record<Refusal, string> = {
	own_proposal: 'This is your own proposal, so it is waiting for your partner to answer.',
	not_proposer: 'Only the person who proposed this can withdraw it.',
	not_pending: 'This version has already been answered.',
	not_active: 'Only an agreement that is in force can be changed, kept track of or retired.',
	pending_change:
		'A change to this agreement is already waiting for an answer. Please answer or withdraw it first.',
	retired: 'This agreement has been retired.',
	retire_pending: 'Retiring this agreement has already been proposed.',
	no_retire_request: 'Nobody has proposed retiring this agreement.',
	own_retire_request: 'You proposed retiring this, so it is waiting for your partner.',
	unchanged:
		'The suggested version is the same as the one proposed. Please change something, or accept it.'
};

export type Outcome = { ok: true; agreement: Agreement } | { ok: false; refusal: Refusal };

export const activeVersion = (a: Agreement) => a.versions.find((v) => v.state === 'active') ?? null;
export const pendingVersion = (a: Agreement) =>
	a.versions.find((v) => v.state === 'proposed') ?? null;
export const latestVersion = (a: Agreement) => a.versions.at(-1) ?? null;

export function statusOf(a: Agreement): Status {
	if (a.retiredAt !== null) return 'retired';
	if (activeVersion(a)) return 'active';
	if (pendingVersion(a)) return 'proposed';
	return latestVersion(a)?.state === 'withdrawn' ? 'withdrawn' : 'declined';
}

export const empty = (): Agreement => ({
	versions: [],
	retireRequestedBy: null,
	retireRequestedAt: null,
	retiredBy: null,
	retiredAt: null
});

const sameTerms = (a: Terms, b: Terms) =>
	a.title === b.title &&
	a.details === b.details &&
	a.appliesTo === b.appliesTo &&
	a.reviewOn === b.reviewOn;

/**
 * Applies one partner's command. Only partners act on agreements; the service checks that
 * `actor` is one of the two. Returns the new agreement or why the command is refused.
 */
export function apply(a: Agreement, actor: string, command: Command, now: number): Outcome {
	const refuse = (refusal: Refusal): Outcome => ({ ok: false, refusal });
	const done = (next: Partial<Agreement>, versions = a.versions): Outcome => ({
		ok: true,
		agreement: { ...a, ...next, versions }
	});
	const addVersion = (terms: Terms, basedOn: number | null, versions = a.versions) =>
		done({}, [
			...versions,
			{
				...terms,
				number: (a.versions.at(-1)?.number ?? 0) + 1,
				state: 'proposed',
				proposedBy: actor,
				proposedAt: now,
				decidedBy: null,
				decidedAt: null,
				declineNote: null,
				basedOn
			}
		]);
	const settle = (number: number, change: Partial<Version>) =>
		a.versions.map((v) =>
			v.number === number ? { ...v, ...change, decidedBy: actor, decidedAt: now } : v
		);

	if (command.type === 'propose')
		return a.versions.length ? refuse('not_pending') : addVersion(command.terms, null);
	if (a.retiredAt !== null) return refuse('retired');

	switch (command.type) {
		case 'accept':
		case 'decline':
		case 'suggest':
		case 'withdraw': {
			const v = a.versions.find((x) => x.number === command.version);
			if (!v || v.state !== 'proposed') return refuse('not_pending');
			if (command.type === 'withdraw') {
				if (v.proposedBy !== actor) return refuse('not_proposer');
				return done({}, settle(v.number, { state: 'withdrawn' }));
			}
			if (v.proposedBy === actor) return refuse('own_proposal');
			if (command.type === 'decline')
				return done({}, settle(v.number, { state: 'declined', declineNote: command.note }));
			if (command.type === 'suggest') {
				if (sameTerms(v, command.terms)) return refuse('unchanged');
				return addVersion(command.terms, v.number, settle(v.number, { state: 'replaced' }));
			}
			// Accepting a change puts it in force and retires the version it replaces.
			const versions = settle(v.number, { state: 'active' }).map((x) =>
				x.state === 'active' && x.number !== v.number ? { ...x, state: 'superseded' as const } : x
			);
			return done({}, versions);
		}
		case 'revise': {
			const current = activeVersion(a);
			if (!current) return refuse('not_active');
			if (pendingVersion(a)) return refuse('pending_change');
			if (sameTerms(current, command.terms)) return refuse('unchanged');
			return addVersion(command.terms, current.number);
		}
		case 'requestRetire':
			if (!activeVersion(a)) return refuse('not_active');
			if (a.retireRequestedBy) return refuse('retire_pending');
			return done({ retireRequestedBy: actor, retireRequestedAt: now });
		case 'acceptRetire':
			if (!a.retireRequestedBy) return refuse('no_retire_request');
			if (a.retireRequestedBy === actor) return refuse('own_retire_request');
			// A change still waiting for an answer has no meaning once the agreement is retired.
			return done(
				{ retiredBy: actor, retiredAt: now },
				a.versions.map((v) =>
					v.state === 'proposed'
						? { ...v, state: 'withdrawn' as const, decidedBy: actor, decidedAt: now }
						: v
				)
			);
		case 'cancelRetire':
			// Either partner can take a retiring proposal off the table: the requester withdraws, the other declines.
			if (!a.retireRequestedBy) return refuse('no_retire_request');
			return done({ retireRequestedBy: null, retireRequestedAt: null });
	}
}

/**
 * Whether this exact command from this partner has already taken effect: sending it again
 * (a double click, a resent form) then changes nothing and is not an error.
 */
export function alreadyDone(a: Agreement, actor: string, command: Command): boolean {
	switch (command.type) {
		case 'accept':
		case 'decline':
		case 'suggest':
		case 'withdraw': {
			const v = a.versions.find((x) => x.number === command.version);
			const settled = {
				accept: ['active', 'superseded'],
				decline: ['declined'],
				suggest: ['replaced'],
				withdraw: ['withdrawn']
			};
			return !!v && v.decidedBy === actor && settled[command.type].includes(v.state);
		}
		case 'revise': {
			const pending = pendingVersion(a);
			return !!pending && pending.proposedBy === actor && sameTerms(pending, command.terms);
		}
		case 'requestRetire':
			return a.retiredAt === null && a.retireRequestedBy === actor;
		case 'acceptRetire':
			return a.retiredBy === actor;
		case 'cancelRetire':
			return a.retiredAt === null && a.retireRequestedBy === null;
		case 'propose':
			return false;
	}
}

/** What an agreement is called: its version in force, else the one proposed, else the last. */
export function titleOf(a: Agreement): string {
	return (activeVersion(a) ?? pendingVersion(a) ?? latestVersion(a))?.title ?? '';
}

/** What is waiting for this partner: a proposal or a retiring request from the other. */
export function awaitsAnswerFrom(a: Agreement, userId: string): 'proposal' | 'retire' | null {
	if (a.retiredAt !== null) return null;
	const pending = pendingVersion(a);
	if (pending && pending.proposedBy !== userId) return 'proposal';
	if (a.retireRequestedBy && a.retireRequestedBy !== userId) return 'retire';
	return null;
}

/** How a keeping log is answered. */
export const keepingOutcomes = ['kept', 'partly', 'not_kept'] as const;
export type KeepingOutcome = (typeof keepingOutcomes)[number];
export const keepingLabels: Record<KeepingOutcome, string> = {
	kept: 'Kept',
	partly: 'Partly kept',
	not_kept: 'Not kept'
};

export interface WeekOfKeeping {
	/** Monday of the week, YYYY-MM-DD (UTC). */
	week: string;
	kept: number;
	partly: number;
	notKept: number;
	/** Share of logs marked kept, 0–1. */
	keptShare: number;
}

/** The Monday (UTC) of the week a moment falls in. */
export function weekOf(at: number): string {
	const d = new Date(at);
	const day = (d.getUTCDay() + 6) % 7; // Monday = 0
	return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day))
		.toISOString()
		.slice(0, 10);
}

/** Keeping logs grouped into weeks, oldest first, for the consistency chart. */
export function weeklyKeeping(
	logs: readonly { outcome: KeepingOutcome; loggedAt: number }[]
): WeekOfKeeping[] {
	const weeks = new Map<string, WeekOfKeeping>();
	for (const log of logs) {
		const key = weekOf(log.loggedAt);
		const w = weeks.get(key) ?? { week: key, kept: 0, partly: 0, notKept: 0, keptShare: 0 };
		if (log.outcome === 'kept') w.kept += 1;
		else if (log.outcome === 'partly') w.partly += 1;
		else w.notKept += 1;
		w.keptShare = w.kept / (w.kept + w.partly + w.notKept);
		weeks.set(key, w);
	}
	return [...weeks.values()].sort((x, y) => x.week.localeCompare(y.week));
}

import type { DbOrTx } from './db';
import { authorize } from './policy';
import * as agreements from './agreements';
import * as journey from './journey';
import * as notes from './notes';
import * as sharing from './sharing';
import * as conversations from './conversations';
import * as checkins from './checkins';
import * as counselorNotes from './counselor-notes';
import * as members from './spaces/members';
import { and, eq, inArray } from 'drizzle-orm';
import { memberships, users } from './db/schema';
import { twoStepIsOn } from './accounts/two-step';
import { optionLabel, questions } from '../domain/assessment';
import { choiceLabels } from '../domain/journey';
import { draftText, excerpt, noteKindLabels } from '../domain/notes';
import { stageName } from '../domain/stages';

export const EXPORT_FORMAT = 'trellis-space-export';
export const ACCOUNT_EXPORT_FORMAT = 'trellis-account-export';
export const EXPORT_VERSION = 1;

const iso = (ms: number | null | undefined) =>
	ms === null || ms === undefined ? null : new Date(ms).toISOString();

/**
 * Everything one partner may see of one space, as data: their own notes, what they shared,
 * the agreements with their history and keeping record, their own stage-3 answers (and the
 * other's only once both were revealed), and the revealed stage-4 choices. Never anyone
 * else's private or sealed things. Works for a closed space and after leaving it.
 */
export async function spaceExport(db: DbOrTx, userId: string, spaceId: string, now = Date.now()) {
	const { space } = await authorize(db, userId, 'note.read', spaceId);
	const names = await members.partnerNames(db, spaceId);
	const assessment = await journey.assessment.view(db, userId, spaceId);
	const path = await journey.view(db, userId, spaceId);
	const ownNotes = await notes.list(db, userId, spaceId);
	const drafts = await notes.drafts.all(db, userId, spaceId);
	const shared = await sharing.mine(db, userId, spaceId);
	const sharedWithMe = await sharedWith(db, userId, spaceId);
	const agreementsHere = [];
	for (const a of await agreements.list(db, userId, spaceId))
		agreementsHere.push({ a, keeping: await agreements.record(db, userId, spaceId, a.id) });
	const conversationsHere = await conversationsOf(db, userId, spaceId);
	const checkinsHere = await checkinsOf(db, userId, spaceId);
	return {
		format: EXPORT_FORMAT,
		version: EXPORT_VERSION,
		exportedAt: iso(now),
		space: {
			id: space.id,
			name: space.name,
			status: space.status,
			stage: space.stage,
			stageName: stageName(space.stage)
		},
		notes: ownNotes.map((n) => ({
			id: n.id,
			kind: n.kind,
			kindLabel: noteKindLabels[n.kind],
			stage: n.stage,
			createdAt: iso(n.createdAt.getTime()),
			updatedAt: iso(n.updatedAt.getTime()),
			summary: excerpt(n.content, 400),
			content: n.content
		})),
		// Writing not saved as a note yet: kept as it was typed.
		unfinished: drafts.map((d) => ({
			savedAt: iso(d.savedAt),
			text: draftText(d.fields),
			fields: d.fields
		})),
		shared: shared.map((s) => ({
			id: s.id,
			kind: s.kind,
			audience: s.audience,
			sharedAt: iso(s.sharedAt),
			withdrawnAt: iso(s.withdrawnAt),
			readBy: s.readBy.map((r) => ({ name: r.name, at: iso(r.at) })),
			content: s.content
		})),
		sharedWithMe,
		agreements: agreementsHere.map(({ a, keeping }) => {
			const shown = agreements.present(a.agreement, userId, names, space.status === 'active');
			return {
				id: a.id,
				title: shown.title,
				status: shown.status,
				/** False for everything once the space has closed. */
				inForce: shown.inForce,
				versions: shown.history.map((v) => ({
					number: v.number,
					state: v.state,
					title: v.title,
					details: v.details,
					appliesTo: v.appliesText,
					reviewOn: v.reviewOn,
					proposedBy: v.proposedByName,
					proposedAt: iso(v.proposedAt),
					decidedBy: v.decidedByName,
					decidedAt: iso(v.decidedAt),
					declineNote: v.declineNote
				})),
				keeping: keeping.map((l) => ({
					by: l.mine ? 'You' : l.authorName,
					version: l.version,
					outcome: l.outcome,
					loggedAt: iso(l.loggedAt),
					note: l.note
				}))
			};
		}),
		assessment: {
			mine: assessment.mine && {
				submittedAt: iso(assessment.mine.submittedAt),
				answers: questions.map((q) => ({
					question: q.text,
					answer: optionLabel(q.id, assessment.mine!.answers[q.id]?.choice ?? null),
					detail: assessment.mine!.answers[q.id]?.detail ?? ''
				}))
			},
			sideBySide:
				assessment.comparison &&
				assessment.comparison.rows.map((r) => ({
					question: r.question.text,
					same: r.agree,
					answers: r.answers.map((a, i) => ({
						who: assessment.comparison!.who[i],
						answer: optionLabel(r.question.id, a.choice),
						detail: a.detail
					}))
				}))
		},
		conversations: conversationsHere,
		checkins: checkinsHere,
		journey: {
			timeline: path.timeline.map((e) => ({ ...e, at: iso(e.at) })),
			/** One's own choice while it is still sealed (nobody else's ever is). */
			mySealedChoice: path.mine && {
				choice: choiceLabels[path.mine.choice],
				note: path.mine.note,
				chosenAt: iso(path.mine.chosenAt)
			},
			/** One's own sealed choice that going back a stage set aside (nobody else's ever is). */
			mySetAsideChoice: path.setAside && {
				choice: choiceLabels[path.setAside.choice],
				note: path.setAside.note,
				chosenAt: iso(path.setAside.chosenAt),
				setAsideAt: iso(path.setAside.setAsideAt)
			},
			choices: path.rounds.map((r) => ({
				shownAt: iso(r.at),
				outcome: r.outcome,
				choices: r.choices.map((c) => ({
					who: c.name,
					choice: choiceLabels[c.choice],
					note: c.note
				}))
			}))
		}
	};
}

export type SpaceExport = Awaited<ReturnType<typeof spaceExport>>;

/** What others shared with this person in a space, as it reached them. */
async function sharedWith(db: DbOrTx, userId: string, spaceId: string) {
	return (await sharing.received(db, userId, spaceId)).map((s) => ({
		id: s.id,
		from: s.authorName,
		kind: s.kind,
		sharedAt: iso(s.sharedAt),
		content: s.content
	}));
}

/** Every conversation this person may re-read, in full, with names instead of ids. */
async function conversationsOf(db: DbOrTx, userId: string, spaceId: string) {
	const all = [];
	for (const c of await conversations.list(db, userId, spaceId)) {
		const { events } = await conversations.eventsAfter(db, userId, c.id, 0);
		const names = (await conversations.peopleIn(db, c, events)).names as Record<string, string>;
		all.push({
			topic: c.topic,
			agenda: c.agenda,
			format: c.format,
			startedAt: iso(c.createdAt.getTime()),
			events: events.map((e) => ({
				seq: e.seq,
				at: iso(e.at),
				kind: e.kind,
				// An event without an author: the conversation ended by itself after a quiet spell.
				by: !e.actor ? null : e.actor === userId ? 'You' : (names[e.actor] ?? 'Someone'),
				text: typeof e.data.text === 'string' ? e.data.text : null,
				clarification: typeof e.data.clarification === 'string' ? e.data.clarification : null,
				data: e.data
			}))
		});
	}
	return all;
}

/** Check-ins: the answers this person gave, and what was revealed to them (as they may see it). */
async function checkinsOf(db: DbOrTx, userId: string, spaceId: string) {
	const past = await checkins.history(db, userId, spaceId);
	const names = new Map(past.partners.map((p) => [p.id, p.name]));
	return past.schedules.map((s) => ({
		title: s.title,
		questions: s.template.questions.map((q) => ({
			id: q.id,
			text: q.text,
			visibility: q.visibility
		})),
		occurrences: s.occurrences
			.map((o) => ({
				day: o.day,
				answers: o.answers
					.filter((a) => a.answers && (a.sent || a.partnerId === userId))
					.map((a) => ({
						who: names.get(a.partnerId) ?? 'Someone',
						sent: a.sent,
						answers: a.answers
					}))
			}))
			.filter((o) => o.answers.length)
	}));
}

/**
 * Everything one person may see, across all their spaces, for the account page's download.
 * Partners get each space's copy; counselors get their own notes, what was shared with them,
 * the conversations they may re-read and their templates. Never anyone else's private or sealed things.
 */
export async function accountExport(db: DbOrTx, userId: string, now = Date.now()) {
	const [me] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
	if (!me) throw new Error('no such account');
	const mine = await db
		.select({ spaceId: memberships.spaceId, role: memberships.role, status: memberships.status })
		.from(memberships)
		.where(
			and(
				eq(memberships.userId, userId),
				inArray(memberships.status, ['active', 'left', 'removed'])
			)
		);
	const twoStep = await twoStepIsOn(db, userId);
	const spacesOfMine = [];
	for (const m of mine.filter((m) => m.role === 'partner'))
		spacesOfMine.push(await spaceExport(db, userId, m.spaceId, now));
	// A counselor's own notes stay theirs after they are out of the space; the rest does not.
	const counseling = [];
	for (const m of mine.filter((m) => m.role === 'counselor')) {
		const myNotes = (await counselorNotes.list(db, userId, m.spaceId)).map((n) => ({
			at: iso(n.createdAt.getTime()),
			body: n.body
		}));
		if (!(m.status === 'active' || myNotes.length > 0)) continue;
		const inSpace = m.status === 'active';
		counseling.push({
			spaceId: m.spaceId,
			myNotes,
			sharedWithMe: inSpace ? await sharedWith(db, userId, m.spaceId) : [],
			conversations: inSpace ? await conversationsOf(db, userId, m.spaceId) : []
		});
	}
	const templates = me.kind === 'counselor' ? await checkins.ownTemplates(db, userId) : [];
	return {
		format: ACCOUNT_EXPORT_FORMAT,
		version: EXPORT_VERSION,
		exportedAt: iso(now),
		account: {
			displayName: me.displayName,
			email: me.email,
			kind: me.kind,
			timeZone: me.timeZone,
			createdAt: iso(me.createdAt.getTime()),
			// Whether it is on, never its key or recovery codes.
			twoStepVerification: twoStep
		},
		spaces: spacesOfMine,
		counseling,
		templates
	};
}

export type AccountExport = Awaited<ReturnType<typeof accountExport>>;

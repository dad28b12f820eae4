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
export function spaceExport(db: DbOrTx, userId: string, spaceId: string, now = Date.now()) {
	const { space } = authorize(db, userId, 'note.read', spaceId);
	const names = members.partnerNames(db, spaceId);
	const assessment = journey.assessment.view(db, userId, spaceId);
	const path = journey.view(db, userId, spaceId);
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
		notes: notes.list(db, userId, spaceId).map((n) => ({
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
		unfinished: notes.drafts
			.all(db, userId, spaceId)
			.map((d) => ({ savedAt: iso(d.savedAt), text: draftText(d.fields), fields: d.fields })),
		shared: sharing.mine(db, userId, spaceId).map((s) => ({
			id: s.id,
			kind: s.kind,
			audience: s.audience,
			sharedAt: iso(s.sharedAt),
			withdrawnAt: iso(s.withdrawnAt),
			readBy: s.readBy.map((r) => ({ name: r.name, at: iso(r.at) })),
			content: s.content
		})),
		sharedWithMe: sharedWith(db, userId, spaceId),
		agreements: agreements.list(db, userId, spaceId).map((a) => {
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
				keeping: agreements.record(db, userId, spaceId, a.id).map((l) => ({
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
		conversations: conversationsOf(db, userId, spaceId),
		checkins: checkinsOf(db, userId, spaceId),
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

export type SpaceExport = ReturnType<typeof spaceExport>;

/** What others shared with this person in a space, as it reached them. */
function sharedWith(db: DbOrTx, userId: string, spaceId: string) {
	return sharing.received(db, userId, spaceId).map((s) => ({
		id: s.id,
		from: s.authorName,
		kind: s.kind,
		sharedAt: iso(s.sharedAt),
		content: s.content
	}));
}

/** Every conversation this person may re-read, in full, with names instead of ids. */
function conversationsOf(db: DbOrTx, userId: string, spaceId: string) {
	return conversations.list(db, userId, spaceId).map((c) => {
		const { events } = conversations.eventsAfter(db, userId, c.id, 0);
		const names = conversations.peopleIn(db, c, events).names as Record<string, string>;
		return {
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
		};
	});
}

/** Check-ins: the answers this person gave, and what was revealed to them (as they may see it). */
function checkinsOf(db: DbOrTx, userId: string, spaceId: string) {
	const past = checkins.history(db, userId, spaceId);
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
export function accountExport(db: DbOrTx, userId: string, now = Date.now()) {
	const me = db.select().from(users).where(eq(users.id, userId)).get();
	if (!me) throw new Error('no such account');
	const mine = db
		.select({ spaceId: memberships.spaceId, role: memberships.role, status: memberships.status })
		.from(memberships)
		.where(
			and(
				eq(memberships.userId, userId),
				inArray(memberships.status, ['active', 'left', 'removed'])
			)
		)
		.all();
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
			twoStepVerification: twoStepIsOn(db, userId)
		},
		spaces: mine
			.filter((m) => m.role === 'partner')
			.map((m) => spaceExport(db, userId, m.spaceId, now)),
		// A counselor's own notes stay theirs after they are out of the space; the rest does not.
		counseling: mine
			.filter((m) => m.role === 'counselor')
			.map((m) => ({
				m,
				myNotes: counselorNotes
					.list(db, userId, m.spaceId)
					.map((n) => ({ at: iso(n.createdAt.getTime()), body: n.body }))
			}))
			.filter(({ m, myNotes }) => m.status === 'active' || myNotes.length > 0)
			.map(({ m, myNotes }) => {
				const inSpace = m.status === 'active';
				return {
					spaceId: m.spaceId,
					myNotes,
					sharedWithMe: inSpace ? sharedWith(db, userId, m.spaceId) : [],
					conversations: inSpace ? conversationsOf(db, userId, m.spaceId) : []
				};
			}),
		templates: me.kind === 'counselor' ? checkins.ownTemplates(db, userId) : []
	};
}

export type AccountExport = ReturnType<typeof accountExport>;

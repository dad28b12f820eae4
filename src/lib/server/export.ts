import type { DbOrTx } from './db';
import { authorize } from './policy';
import * as agreements from './agreements';
import * as journey from './journey';
import * as notes from './notes';
import * as sharing from './sharing';
import { optionLabel, questions } from '../domain/assessment';
import { choiceLabels } from '../domain/journey';
import { excerpt, noteKindLabels } from '../domain/notes';
import { stageName } from '../domain/stages';

export const EXPORT_FORMAT = 'trellis-space-export';
export const EXPORT_VERSION = 1;

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

/**
 * Everything one partner may see of one space, as data: their own notes, what they shared,
 * the agreements with their history and keeping record, their own stage-3 answers (and the
 * other's only once both were revealed), and the revealed stage-4 choices. Never anyone
 * else's private or sealed things. Works for a closed space and after leaving it.
 */
export function spaceExport(db: DbOrTx, userId: string, spaceId: string, now = Date.now()) {
	const { space } = authorize(db, userId, 'note.read', spaceId);
	const names = agreements.partnerNames(db, spaceId);
	const assessment = journey.assessment.view(db, userId, spaceId);
	const path = journey.view(db, userId, spaceId);
	return {
		format: EXPORT_FORMAT,
		version: EXPORT_VERSION,
		exportedAt: iso(now),
		space: { id: space.id, name: space.name, status: space.status, stage: space.stage, stageName: stageName(space.stage) },
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
		shared: sharing.mine(db, userId, spaceId).map((s) => ({
			id: s.id,
			kind: s.kind,
			audience: s.audience,
			sharedAt: iso(s.sharedAt),
			withdrawnAt: iso(s.withdrawnAt),
			readBy: s.readBy.map((r) => ({ name: r.name, at: iso(r.at) })),
			content: s.content
		})),
		agreements: agreements.list(db, userId, spaceId).map((a) => {
			const shown = agreements.present(a.agreement, userId, names);
			return {
				id: a.id,
				title: shown.title,
				status: shown.status,
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
		journey: {
			timeline: path.timeline.map((e) => ({ ...e, at: iso(e.at) })),
			/** One's own choice while it is still sealed (nobody else's ever is). */
			mySealedChoice: path.mine && { choice: choiceLabels[path.mine.choice], note: path.mine.note, chosenAt: iso(path.mine.chosenAt) },
			choices: path.rounds.map((r) => ({
				shownAt: iso(r.at),
				outcome: r.outcome,
				choices: r.choices.map((c) => ({ who: c.name, choice: choiceLabels[c.choice], note: c.note }))
			}))
		}
	};
}

export type SpaceExport = ReturnType<typeof spaceExport>;

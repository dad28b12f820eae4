/**
 * Private notes: what each kind holds, the feelings one can name, and the limits that keep
 * a note a note. A note is readable by its author only; sharing makes a separate snapshot.
 */
export const noteKinds = [
	'journal',
	'emotion',
	'thought',
	'compassion',
	'statement',
	'question'
] as const;
export type NoteKind = (typeof noteKinds)[number];

export const noteKindLabels: Record<NoteKind, string> = {
	journal: 'Journal entry',
	emotion: 'Emotion check-in',
	thought: 'Thought record',
	compassion: 'Self-compassion exercise',
	statement: '"I feel / I need" statement',
	question: 'A question I want answered'
};

/**
 * What a note is, as the journal tells notes apart: a journal entry is a free note, or a guided
 * entry when it answers a prompt; every other kind comes from one of the writing tools.
 */
export type NoteType = 'free' | 'guided' | Exclude<NoteKind, 'journal'>;
export const noteTypeOf = (kind: NoteKind, promptId: string | null): NoteType =>
	kind === 'journal' ? (promptId ? 'guided' : 'free') : kind;
export const noteTypeLabels: Record<NoteType, string> = {
	free: 'Free note',
	guided: 'Guided entry',
	emotion: noteKindLabels.emotion,
	thought: noteKindLabels.thought,
	compassion: noteKindLabels.compassion,
	statement: noteKindLabels.statement,
	question: noteKindLabels.question
};

export const feelingGroups = [
	{ id: 'hurt', label: 'Hurt', feelings: ['hurt', 'betrayed', 'rejected', 'humiliated'] },
	{ id: 'anger', label: 'Anger', feelings: ['angry', 'resentful', 'frustrated', 'irritable'] },
	{ id: 'fear', label: 'Fear', feelings: ['afraid', 'anxious', 'insecure', 'suspicious'] },
	{ id: 'sadness', label: 'Sadness', feelings: ['sad', 'lonely', 'grieving', 'empty'] },
	{ id: 'shame', label: 'Shame', feelings: ['ashamed', 'guilty', 'embarrassed', 'regretful'] },
	{ id: 'confusion', label: 'Confusion', feelings: ['confused', 'numb', 'torn', 'overwhelmed'] },
	{ id: 'hope', label: 'Hope', feelings: ['hopeful', 'determined', 'curious', 'close'] },
	{ id: 'relief', label: 'Relief', feelings: ['relieved', 'calm', 'grateful', 'lighter'] }
] as const;

export type Feeling = (typeof feelingGroups)[number]['feelings'][number];
export const feelings: readonly Feeling[] = feelingGroups.flatMap((g) => g.feelings);

export const groupOf = (feeling: string) =>
	feelingGroups.find((g) => (g.feelings as readonly string[]).includes(feeling))?.id ?? null;

export const LIMITS = {
	body: 20_000,
	field: 5_000,
	title: 120,
	feelings: 12
} as const;

export interface JournalContent {
	kind: 'journal';
	body: string;
	promptId: string | null;
}
export interface EmotionContent {
	kind: 'emotion';
	feelings: Feeling[];
	intensity: number;
	note: string;
}
export interface ThoughtContent {
	kind: 'thought';
	thought: string;
	evidenceFor: string;
	evidenceAgainst: string;
	balanced: string;
	beliefBefore: number;
	beliefAfter: number;
}
/** A few minutes of kindness towards oneself, in four steps. */
export interface CompassionContent {
	kind: 'compassion';
	hard: string;
	shared: string;
	friend: string;
	care: string;
}
/** "When …, I feel …, because I need … Would you be willing to …?" */
export interface StatementContent {
	kind: 'statement';
	when: string;
	feel: string;
	need: string;
	request: string;
}
export interface QuestionContent {
	kind: 'question';
	question: string;
	why: string;
}
export type NoteContent =
	| JournalContent
	| EmotionContent
	| ThoughtContent
	| CompassionContent
	| StatementContent
	| QuestionContent;

/** The statement as one would say it, built from its parts. */
export function statementText(
	c: Pick<StatementContent, 'when' | 'feel' | 'need' | 'request'>
): string {
	const bare = (s: string) => s.trim().replace(/[.!?\s]+$/u, '');
	const parts = [
		c.when.trim() && `When ${bare(c.when)},`,
		c.feel.trim() && `I feel ${bare(c.feel)}`,
		c.need.trim() && `because I need ${bare(c.need)}`
	].filter(Boolean);
	const said = parts.length ? `${parts.join(' ')}.` : '';
	const asked = c.request.trim() ? `Would you be willing to ${bare(c.request)}?` : '';
	return [said, asked].filter(Boolean).join(' ');
}

/** A short, neutral line for lists (never used in titles or notifications). */
export function excerpt(content: NoteContent, length = 140): string {
	const text = (() => {
		switch (content.kind) {
			case 'journal':
				return content.body;
			case 'emotion':
				return `${content.feelings.join(', ')} · ${content.intensity}/10${content.note ? ` · ${content.note}` : ''}`;
			case 'thought':
				return content.thought;
			case 'compassion':
				return content.hard;
			case 'statement':
				return statementText(content);
			case 'question':
				return content.question;
		}
	})();
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

/** What the journal lists a note by: its line, and the prompt a guided entry answers. */
export interface Listing {
	excerpt: string;
	promptId: string | null;
}
export const listing = (content: NoteContent): Listing => ({
	excerpt: excerpt(content),
	promptId: content.kind === 'journal' ? content.promptId : null
});

/**
 * The key of a new note's draft: `new-<kind>`, `new-journal-<prompt>` for a guided entry, and
 * `~<fork>` after it for a second note of the same kind begun on another device meanwhile.
 */
export interface NewDraft {
	kind: NoteKind;
	promptId: string | null;
	fork: string | null;
}
export const newDraftKey = ({ kind, promptId, fork }: NewDraft) =>
	`new-${promptId ? `journal-${promptId}` : kind}${fork ? `~${fork}` : ''}`;
/** The parts of a new note's draft key (one already checked against the draft key schema). */
export function readNewDraftKey(key: string): NewDraft {
	const [form, fork] = key.split('~');
	const [, kind, ...prompt] = form!.split('-');
	return {
		kind: kind as NoteKind,
		promptId: prompt.length ? prompt.join('-') : null,
		fork: fork ?? null
	};
}

/**
 * What a draft holds, as plain text: each field that has something in it, in the order of the
 * form (ticked choices as a list). For showing a draft that can no longer be finished.
 */
export function draftText(fields: Record<string, string | string[]>): string {
	return Object.values(fields)
		.map((v) => (Array.isArray(v) ? v.join(', ') : v).trim())
		.filter((v) => v !== '')
		.join('\n\n');
}

/** The points of the emotion chart: one per check-in, oldest first. */
export function intensitySeries(checkIns: readonly { at: number; content: EmotionContent }[]) {
	return [...checkIns]
		.sort((a, b) => a.at - b.at)
		.map((c) => ({ at: c.at, intensity: c.content.intensity, feelings: c.content.feelings }));
}

/** How often each feeling group was named, most frequent first. */
export function groupCounts(checkIns: readonly { content: EmotionContent }[]) {
	const counts = new Map<string, number>();
	for (const c of checkIns)
		for (const id of new Set(c.content.feelings.map(groupOf)))
			if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
	return feelingGroups
		.map((g) => ({ id: g.id, label: g.label, count: counts.get(g.id) ?? 0 }))
		.filter((g) => g.count > 0)
		.sort((a, b) => b.count - a.count);
}

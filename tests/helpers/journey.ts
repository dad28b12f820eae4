import { questions } from '../../src/lib/domain/assessment';
import { expectStatus, withoutRequestMarks } from './http';
import type { Person } from './spaces';

export function stageStep(
	p: Person,
	spaceId: string,
	stage: number,
	action: string,
	fields: Record<string, string> = {}
) {
	return p.visitor.post(`/spaces/${spaceId}/stages/${stage}?/${action}`, fields);
}

/** Both partners mark themselves ready until the space is at `stage`. */
export async function advanceTo(a: Person, b: Person, spaceId: string, stage: number, from = 1) {
	for (let s = from; s < stage; s++) {
		await expectStatus(await stageStep(a, spaceId, s, 'ready'), 200);
		const second = await expectStatus(await stageStep(b, spaceId, s, 'ready'), 303);
		const next = `/spaces/${spaceId}/stages/${s + 1}`;
		if (second.headers.get('location') !== next)
			throw new Error(`the space did not move on to ${next}`);
	}
}

/** A full set of stage-3 answers: every question with a choice, and words carrying `words`. */
export function answers(
	choose: (questionId: string) => string,
	words = ''
): Record<string, string> {
	const fields: Record<string, string> = {};
	for (const q of questions) {
		fields[q.id] = choose(q.id);
		fields[`${q.id}-detail`] = words ? `${q.id}: ${words}` : '';
	}
	return fields;
}

export const submitAnswers = (p: Person, spaceId: string, fields: Record<string, string>) =>
	p.visitor.post(`/spaces/${spaceId}/assessment?/submit`, fields);

/** Chooses in the round the person's own stage-4 page shows, as the form does. */
export async function choose(
	p: Person,
	spaceId: string,
	choice: string,
	note = '',
	round?: number
) {
	const shown =
		round ??
		Number(
			/name="round" value="(\d+)"/.exec(
				await (await p.visitor.get(`/spaces/${spaceId}/stages/4`)).text()
			)?.[1] ?? 1
		);
	return stageStep(p, spaceId, 4, 'choose', { choice, note, round: String(shown) });
}

/**
 * A page's HTML without what changes on every request (CSP nonces, the moment its data was read),
 * for comparing views.
 */
export async function pageShape(p: Person, path: string): Promise<string> {
	const res = await expectStatus(await p.visitor.get(path), 200);
	return withoutRequestMarks(await res.text());
}

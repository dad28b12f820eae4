import type { Socket } from 'socket.io-client';
import { expectStatus } from './http';
import type { Person } from './spaces';
import type { NoteKind } from '../../src/lib/domain/notes';

let counter = 0;
export const clientId = () => `test-${process.pid}-${Date.now().toString(36)}-${++counter}`;

/** Writes a note through the form; returns its id. */
export async function writeNote(
	p: Person,
	spaceId: string,
	fields: Record<string, string>,
	kind: NoteKind = 'journal'
): Promise<string> {
	const query = kind === 'journal' ? '' : `&kind=${kind}`;
	const res = await expectStatus(
		await p.visitor.post(`/spaces/${spaceId}/journal/new?/save${query}`, {
			clientId: clientId(),
			...fields
		}),
		303
	);
	return /journal\/([a-z0-9]+)\?saved/.exec(res.headers.get('location')!)![1]!;
}

export async function share(
	p: Person,
	spaceId: string,
	noteId: string,
	audience: 'partner' | 'counselor' | 'both'
) {
	await expectStatus(
		await p.visitor.post(`/spaces/${spaceId}/journal/${noteId}/share`, {
			clientId: clientId(),
			audience
		}),
		303
	);
}

/** The id of a shared item as it appears on the author's "What I've shared" list (newest first). */
export async function sharedItemIds(p: Person, spaceId: string): Promise<string[]> {
	const html = await (await p.visitor.get(`/spaces/${spaceId}/shared`)).text();
	return [...html.matchAll(/name="itemId" value="([a-z0-9]+)"/g)].map((m) => m[1]!);
}

export async function propose(
	p: Person,
	spaceId: string,
	title: string,
	details = `${title}: every Sunday at seven`
) {
	const res = await expectStatus(
		await p.visitor.post(`/spaces/${spaceId}/agreements/new`, {
			clientId: clientId(),
			title,
			details,
			forWhom: 'both'
		}),
		303
	);
	return /agreements\/([a-z0-9]+)$/.exec(res.headers.get('location')!)![1]!;
}

export async function agreementStep(
	p: Person,
	spaceId: string,
	agreementId: string,
	action: string,
	fields: Record<string, string> = {}
) {
	return p.visitor.post(`/spaces/${spaceId}/agreements/${agreementId}?/${action}`, fields);
}

/** Every event a socket receives, in order. */
export function recordEvents(socket: Socket): { event: string; payload: unknown }[] {
	const seen: { event: string; payload: unknown }[] = [];
	socket.onAny((event: string, payload: unknown) => seen.push({ event, payload }));
	return seen;
}

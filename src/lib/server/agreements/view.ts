import * as domain from '../../domain/agreements';

/**
 * An agreement as one person reads it: names instead of ids, "you" where it is them. In a closed
 * space nothing is in force any more, whatever was agreed.
 */
export function present(
	a: domain.Agreement,
	viewerId: string,
	names: Map<string, string>,
	spaceOpen: boolean
) {
	// Names as they read inside a sentence ("proposed by you").
	const nameOf = (id: string | null) =>
		id === null ? null : id === viewerId ? 'you' : (names.get(id) ?? 'a former partner');
	const otherThan = (id: string) => [...names.keys()].find((k) => k !== id) ?? null;
	const appliesText = (v: domain.Version) => {
		if (v.appliesTo === 'both') return 'Both partners';
		const person = v.appliesTo === 'proposer' ? v.proposedBy : otherThan(v.proposedBy);
		return person === viewerId ? 'You' : (nameOf(person) ?? 'Your partner');
	};
	const version = (v: domain.Version) => ({
		...v,
		appliesText: appliesText(v),
		proposedByName: nameOf(v.proposedBy)!,
		decidedByName: nameOf(v.decidedBy),
		mine: v.proposedBy === viewerId
	});
	const active = domain.activeVersion(a);
	const pending = domain.pendingVersion(a);
	const latest = domain.latestVersion(a);
	const status = domain.statusOf(a);
	return {
		status,
		/** Whether the space has closed: then nothing is in force, and nothing waits for an answer. */
		spaceClosed: !spaceOpen,
		inForce: status === 'active' && spaceOpen,
		title: domain.titleOf(a),
		active: active && version(active),
		pending: pending && version(pending),
		latest: latest && version(latest),
		history: a.versions.map(version).reverse(),
		retire: a.retireRequestedBy
			? {
					by: nameOf(a.retireRequestedBy)!,
					mine: a.retireRequestedBy === viewerId,
					at: a.retireRequestedAt!
				}
			: null,
		retired: a.retiredAt !== null ? { by: nameOf(a.retiredBy), at: a.retiredAt } : null
	};
}

export type AgreementView = ReturnType<typeof present>;

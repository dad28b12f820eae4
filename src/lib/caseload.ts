/**
 * A counselor's caseload as the page shows it (shared by the server and the page): what each
 * flag says, and how the table is sorted. A flag names who and what, and links to it; it never
 * carries anyone's words.
 */
export type Flag =
	| { kind: 'missed_twice'; who: string; count: number; title: string; href: string }
	| { kind: 'sharp_drop'; who: string; question: string; href: string }
	| { kind: 'time_out'; who: string | null; href: string };

export function flagWords(f: Flag): string {
	switch (f.kind) {
		case 'missed_twice':
			return `${f.who} has ${f.count} check-ins overdue: ${f.title}`;
		case 'sharp_drop':
			return `${f.who}: a sharp drop in “${f.question}”`;
		case 'time_out':
			return f.who
				? `${f.who} called a time-out in the last conversation`
				: 'A time-out in the last conversation';
	}
}

export interface CaseloadRow {
	spaceId: string;
	name: string;
	status: 'active' | 'closed';
	stage: number;
	stageName: string;
	partners: string[];
	lastActivity: number;
	nextDue: number | null;
	overdue: number;
	unread: number;
	flags: Flag[];
}

export const sortKeys = ['name', 'stage', 'overdue', 'unread', 'flags', 'activity', 'due'] as const;
export type SortKey = (typeof sortKeys)[number];
export type SortDir = 'asc' | 'desc';

/** The direction a column sorts in when first chosen: what needs a look comes first. */
export const firstDir: Record<SortKey, SortDir> = {
	name: 'asc',
	stage: 'asc',
	overdue: 'desc',
	unread: 'desc',
	flags: 'desc',
	activity: 'desc',
	due: 'asc'
};

/** The order a counselor sees until they choose: most flags first, then most overdue. */
export const defaultSort = { key: 'flags', dir: 'desc' } as const satisfies {
	key: SortKey;
	dir: SortDir;
};

const value = (r: CaseloadRow, key: SortKey): number | string | null => {
	switch (key) {
		case 'name':
			return r.name.toLocaleLowerCase('en');
		case 'stage':
			return r.stage;
		case 'overdue':
			return r.overdue;
		case 'unread':
			return r.unread;
		case 'flags':
			return r.flags.length;
		case 'activity':
			return r.lastActivity;
		case 'due':
			return r.nextDue;
	}
};

/**
 * Sorts the rows by one column. Rows with nothing to sort by (no check-in coming) go last either
 * way; ties keep the same order on every visit (by overdue, then by name).
 */
export function sortCaseload(
	rows: readonly CaseloadRow[],
	key: SortKey,
	dir: SortDir
): CaseloadRow[] {
	const sign = dir === 'asc' ? 1 : -1;
	const compare = (a: number | string, b: number | string) =>
		typeof a === 'string' && typeof b === 'string'
			? a.localeCompare(b, 'en')
			: Number(a) - Number(b);
	return [...rows].sort((a, b) => {
		const va = value(a, key);
		const vb = value(b, key);
		if (va === null || vb === null) {
			if (va !== vb) return va === null ? 1 : -1;
		} else {
			const c = compare(va, vb);
			if (c !== 0) return c * sign;
		}
		return b.overdue - a.overdue || compare(value(a, 'name')!, value(b, 'name')!);
	});
}

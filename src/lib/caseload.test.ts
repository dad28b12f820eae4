import { describe, expect, it } from 'vitest';
import { sortCaseload, type CaseloadRow } from './caseload';

const row = (name: string, over: Partial<CaseloadRow> = {}): CaseloadRow => ({
	spaceId: name,
	name,
	status: 'active',
	stage: 1,
	stageName: 'Process feelings',
	partners: [],
	lastActivity: 0,
	nextDue: null,
	overdue: 0,
	unread: 0,
	flags: [],
	...over
});

describe('sorting the caseload', () => {
	const rows = [
		row('birch', { unread: 1, nextDue: 30 }),
		row('Alder', { unread: 3 }),
		row('cedar', { unread: 1, overdue: 2, nextDue: 10 })
	];
	const names = (sorted: CaseloadRow[]) => sorted.map((r) => r.name);

	it('sorts either way by the column chosen, names without regard to case', () => {
		expect(names(sortCaseload(rows, 'name', 'asc'))).toEqual(['Alder', 'birch', 'cedar']);
		expect(names(sortCaseload(rows, 'name', 'desc'))).toEqual(['cedar', 'birch', 'Alder']);
		expect(names(sortCaseload(rows, 'unread', 'desc'))[0]).toBe('Alder');
	});

	it('keeps ties in the same order (most overdue first), and rows with nothing to sort by last', () => {
		expect(names(sortCaseload(rows, 'unread', 'asc'))).toEqual(['cedar', 'birch', 'Alder']);
		expect(names(sortCaseload(rows, 'due', 'asc'))).toEqual(['cedar', 'birch', 'Alder']);
		expect(names(sortCaseload(rows, 'due', 'desc'))).toEqual(['birch', 'cedar', 'Alder']);
	});
});

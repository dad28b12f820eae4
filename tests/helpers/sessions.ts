import type { Visitor } from './http';
import { readDb, writeDb } from './spaces';

export const sessionIdOf = (visitor: Visitor) => visitor.sessionToken!.split('.')[0]!;

/** Time passes for one device: its last use moves this far into the past. */
export function leaveAlone(dbPath: string, visitor: Visitor, minutes: number) {
	const [session] = readDb<{ last_active_at: number }>(
		dbPath,
		'select last_active_at from sessions where id = ?',
		sessionIdOf(visitor)
	);
	writeDb(
		dbPath,
		'update sessions set last_active_at = ? where id = ?',
		new Date(session!.last_active_at - minutes * 60_000),
		sessionIdOf(visitor)
	);
}

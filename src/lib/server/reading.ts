import { AsyncLocalStorage } from 'node:async_hooks';
import type { DbOrTx } from './db';
import { inTransaction } from './db/connection';

/**
 * Reading a page asks about the same few facts many times over: a person's standing in a space
 * (once for every question put to the policy), who is in the space (the home, the journey and the
 * check-ins each want the partners). While a page is read, each such fact is looked up once and
 * then shared by everything that asks, as if the whole page were read at its start. Only reads
 * are shared: form actions and socket events change things (`changingThings`), and must see
 * each change; so must a transaction.
 */

/** Facts already looked up (or on their way) while a page is read: per handle, then per key. */
type Known = WeakMap<object, Map<string, Promise<unknown>>>;
const scope = new AsyncLocalStorage<Known>();

/** Runs `read` (the loading of a page: loads that only read) with facts looked up once. */
export function readingAPage<T>(read: () => T): T {
	return scope.run(new WeakMap(), read);
}

/** Runs `change` with every fact looked up afresh, even when it was started by a page read. */
export function changingThings<T>(change: () => T): T {
	return scope.exit(change);
}

/**
 * The fact `key` (its parts: the kind of fact and whatever it is about), looked up by `look`
 * once while a page is read, every time otherwise. What is shared is frozen, so that nobody can
 * change it on the way for the others. A failed look-up is not kept.
 */
export function readOnce<T>(
	db: DbOrTx,
	key: readonly string[],
	look: () => Promise<T>
): Promise<T> {
	const known = scope.getStore();
	// Work queued for later (a group commit) can inherit a page's scope; a transaction always
	// reads what is there now.
	if (!known || inTransaction(db)) return look();
	let byKey = known.get(db);
	if (!byKey) known.set(db, (byKey = new Map()));
	// The parts joined so that no two different keys come out the same.
	const joined = JSON.stringify(key);
	const already = byKey.get(joined);
	if (already) return already as Promise<T>;
	const found = look().then((value) => {
		deepFreeze(value);
		return value;
	});
	// Questions asked while it is on its way wait for the same answer.
	byKey.set(joined, found);
	const kept = byKey;
	void found.catch(() => kept.delete(joined));
	return found;
}

/** Freezes a value and every plain object and array in it (dates and the like stay as they are). */
function deepFreeze(value: unknown): void {
	if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
	const proto = Object.getPrototypeOf(value);
	if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) return;
	Object.freeze(value);
	for (const part of Object.values(value)) deepFreeze(part);
}

import type { DbOrTx } from '../db';
import { notifications } from '../db/schema';
import { randomString } from '../auth/tokens';
import { getIo, rooms } from '../realtime/io';
import { notificationKinds, type NotificationKind } from '../../domain/notifications';
import { aDeviceWants } from './push';
import { settingsOf } from './settings';

export interface Happening {
	kind: NotificationKind;
	spaceId: string | null;
	/** The page that shows it. */
	path: string;
	/** For a reminder, what it is of: noted once per person, however often it is asked for. */
	key?: string;
}

/** Whether a device of the person's is connected to this server right now. */
export function connectedHere(userId: string): boolean {
	return (getIo()?.sockets.adapter.rooms.get(rooms.user(userId))?.size ?? 0) > 0;
}

/**
 * Notes, inside the caller's transaction, that each of `who` may be told of what happened. The
 * caller has asked the policy who may know of it; this decides only whether they want to be
 * told. Someone with a device open sees it live and is not told again.
 */
export async function tell(
	tx: DbOrTx,
	who: readonly string[],
	happening: Happening,
	now = Date.now()
): Promise<void> {
	const group = notificationKinds[happening.kind].group;
	for (const userId of new Set(who)) {
		if (connectedHere(userId)) continue;
		const settings = await settingsOf(tx, userId);
		if (!settings.emailGroups.includes(group) && !(await aDeviceWants(tx, userId, group))) continue;
		await tx
			.insert(notifications)
			.values({
				id: randomString(),
				userId,
				spaceId: happening.spaceId,
				kind: happening.kind,
				path: happening.path,
				key: happening.key ?? null,
				createdAt: new Date(now)
			})
			.onConflictDoNothing();
	}
}

import type { Db } from '../db';
import { log } from '../log';
import { getIo, rooms } from '../realtime/io';
import { peopleIn } from '../realtime/cluster';
import { deliverNotifications } from './deliver';

export { tell, connectedHere, type Happening } from './record';
export * from './schemas';
export { deliverNotifications, type Connected } from './deliver';
export {
	vapidKeys,
	notifyDevice,
	stopNotifyingDevice,
	deviceOf,
	setDeviceGroups,
	sendPush,
	pushMessage,
	type Post,
	type PushMessage
} from './push';
export {
	settingsOf,
	saveSettings,
	stopEmail,
	stopEmailIfAny,
	unsubscribeToken,
	readUnsubscribe,
	type Settings,
	type SettingsInput
} from './settings';

/** Whether any server has a device of the person's connected (asks the socket adapter). */
async function connectedAnywhere(userId: string): Promise<boolean> {
	const io = getIo();
	if (!io) return false;
	return (await peopleIn(io, rooms.user(userId))).length > 0;
}

/**
 * Runs in the server process: every `NOTIFY_INTERVAL_MS` (30 s), notes the reminders whose
 * moment has come (`remind`), then tells whoever is due to be told. `NOTIFY_BATCH_MS` is how long
 * things must have been quiet before a batch goes (3 minutes).
 */
export function startNotifier(
	db: () => Db,
	remind: (db: Db, now: number) => Promise<void> = async () => {}
): () => void {
	const intervalMs = Number(process.env.NOTIFY_INTERVAL_MS) || 30_000;
	const quietMs = Number(process.env.NOTIFY_BATCH_MS) || undefined;
	const batch = quietMs ? { quietMs, longestMs: quietMs * 3 } : undefined;
	let running = false;
	const tick = async () => {
		if (running) return;
		running = true;
		try {
			await remind(db(), Date.now());
			await deliverNotifications(db(), connectedAnywhere, Date.now(), batch);
		} catch (error) {
			log.error('notifier_failed', { error: error instanceof Error ? error.name : 'unknown' });
		} finally {
			running = false;
		}
	};
	const timer = setInterval(() => void tick(), intervalMs);
	timer.unref();
	return () => clearInterval(timer);
}

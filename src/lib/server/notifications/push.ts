import { madeOnce } from '../made-once';
import { dirname, join } from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import webpush from 'web-push';
import { transaction, type DbOrTx } from '../db';
import { pushSubscriptions, type PushSubscriptionRow } from '../db/schema';
import { databasePath } from '../db/paths';
import { randomString } from '../auth/tokens';
import { log } from '../log';
import {
	defaultEmailGroups,
	NEUTRAL,
	notificationGroups,
	notificationKinds,
	type NotificationGroup,
	type NotificationKind
} from '../../domain/notifications';

export interface VapidKeys {
	publicKey: string;
	privateKey: string;
}

const KEYS = Symbol.for('trellis.vapid');
type Holder = { [KEYS]?: VapidKeys };

/**
 * The server's key pair for signing what it sends to push services: `VAPID_PUBLIC_KEY` and
 * `VAPID_PRIVATE_KEY` when given (every machine of one deployment must share them); otherwise
 * made at first start and kept in `vapid.json` beside the database, readable by its owner only.
 */
export function vapidKeys(): VapidKeys {
	const holder = globalThis as Holder;
	holder[KEYS] ??= loadKeys();
	return holder[KEYS];
}

function loadKeys(): VapidKeys {
	const { VAPID_PUBLIC_KEY: publicKey, VAPID_PRIVATE_KEY: privateKey } = process.env;
	if (publicKey || privateKey) {
		if (!publicKey || !privateKey)
			throw new Error('Give both VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, or neither.');
		return { publicKey, privateKey };
	}
	return madeOnce(
		join(dirname(databasePath()), 'vapid.json'),
		() => JSON.stringify(webpush.generateVAPIDKeys()) + '\n',
		(text) => {
			const keys = JSON.parse(text) as Partial<VapidKeys>;
			if (typeof keys.publicKey !== 'string' || typeof keys.privateKey !== 'string')
				throw new Error('not a key pair');
			return { publicKey: keys.publicKey, privateKey: keys.privateKey };
		}
	);
}

/** Who the push services may contact about our messages: the site, or its mail address. */
function vapidSubject(): string {
	const origin = process.env.ORIGIN ?? '';
	if (origin.startsWith('https://')) return origin;
	const from = /<([^>]+)>/.exec(process.env.MAIL_FROM ?? '')?.[1] ?? process.env.MAIL_FROM;
	return `mailto:${from && from.includes('@') ? from : 'trellis@localhost'}`;
}

export interface DeviceSubscription {
	endpoint: string;
	p256dh: string;
	auth: string;
}

/**
 * This device (the session it is logged in with) asks to be notified. A browser has one
 * subscription however many accounts use it, so it belongs to whoever turned it on last. What
 * the device chose before is read and replaced in one transaction.
 */
export async function notifyDevice(
	db: DbOrTx,
	userId: string,
	sessionId: string,
	sub: DeviceSubscription,
	now = Date.now()
): Promise<void> {
	await transaction(db, async (tx) => {
		const existing = await deviceOf(tx, sessionId);
		await tx.delete(pushSubscriptions).where(eq(pushSubscriptions.endpoint, sub.endpoint));
		await tx.delete(pushSubscriptions).where(eq(pushSubscriptions.sessionId, sessionId));
		await tx.insert(pushSubscriptions).values({
			id: randomString(),
			userId,
			sessionId,
			...sub,
			groups: existing?.groups ?? [...defaultEmailGroups],
			createdAt: new Date(now)
		});
	});
}

export async function stopNotifyingDevice(tx: DbOrTx, sessionId: string): Promise<void> {
	await tx.delete(pushSubscriptions).where(eq(pushSubscriptions.sessionId, sessionId));
}

/** The subscription of the device logged in with this session, if it asked to be notified. */
export async function deviceOf(
	tx: DbOrTx,
	sessionId: string
): Promise<PushSubscriptionRow | undefined> {
	const [row] = await tx
		.select()
		.from(pushSubscriptions)
		.where(eq(pushSubscriptions.sessionId, sessionId))
		.limit(1);
	return row;
}

export async function setDeviceGroups(
	tx: DbOrTx,
	sessionId: string,
	groups: readonly NotificationGroup[]
): Promise<void> {
	await tx
		.update(pushSubscriptions)
		.set({ groups: notificationGroups.filter((g) => groups.includes(g)) })
		.where(eq(pushSubscriptions.sessionId, sessionId));
}

export async function devicesOf(tx: DbOrTx, userId: string): Promise<PushSubscriptionRow[]> {
	return tx.select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, userId));
}

/** Whether any device of the person's wants to hear about this group. */
export async function aDeviceWants(
	tx: DbOrTx,
	userId: string,
	group: NotificationGroup
): Promise<boolean> {
	return (await devicesOf(tx, userId)).some((d) => d.groups.includes(group));
}

/** What a device shows: the same neutral words as an email unless the person asked for more. */
export interface PushMessage {
	title: string;
	body: string;
	/** The page a tap opens (behind log-in). */
	path: string;
}

export function pushMessage(kinds: readonly NotificationKind[] | null, path: string): PushMessage {
	const body =
		kinds && kinds.length === 1
			? notificationKinds[kinds[0]!].says
			: kinds && kinds.length > 1
				? `${kinds.length} new things are waiting for you in Trellis`
				: NEUTRAL;
	return { title: 'Trellis', body, path };
}

/** How one request reaches a push service; `fetch` unless a test says otherwise. */
export type Post = (
	url: string,
	init: { method: string; headers: Record<string, string>; body: Buffer }
) => Promise<{ status: number }>;

/**
 * How long a push service has to answer. One that never does would otherwise hold up everyone
 * told after it for minutes (the network's own limits), for as long as its devices are listed.
 */
const PUSH_ANSWER_MS = 10_000;

/** `fetch`, giving up on a push service that has not answered within `timeoutMs`. */
export const posting =
	(timeoutMs: number): Post =>
	async (url, init) => {
		const res = await fetch(url, {
			...init,
			body: new Uint8Array(init.body),
			signal: AbortSignal.timeout(timeoutMs)
		});
		await res.body?.cancel();
		return { status: res.status };
	};

const post = posting(PUSH_ANSWER_MS);

/**
 * Sends one message to each device, encrypted for it and signed with our key. A device whose
 * subscription the push service no longer knows (404, 410) is forgotten; any other failure is
 * logged, and the message is not tried again (the next one will be).
 */
export async function sendPush(
	db: DbOrTx,
	devices: readonly PushSubscriptionRow[],
	message: PushMessage,
	send: Post = post
): Promise<{ sent: number; gone: number; failed: number }> {
	const keys = vapidKeys();
	const tally = { sent: 0, gone: 0, failed: 0 };
	const gone: string[] = [];
	for (const device of devices) {
		try {
			const request = webpush.generateRequestDetails(
				{ endpoint: device.endpoint, keys: { p256dh: device.p256dh, auth: device.auth } },
				JSON.stringify(message),
				{
					vapidDetails: { subject: vapidSubject(), ...keys },
					contentEncoding: 'aes128gcm',
					TTL: 24 * 3600,
					urgency: 'normal'
				}
			);
			const { status } = await send(request.endpoint, {
				method: request.method,
				headers: request.headers as Record<string, string>,
				body: request.body
			});
			if (status === 404 || status === 410) {
				gone.push(device.id);
				tally.gone++;
			} else if (status >= 200 && status < 300) tally.sent++;
			else {
				tally.failed++;
				log.warn('push_failed', { status });
			}
		} catch (error) {
			tally.failed++;
			log.warn('push_failed', { error: error instanceof Error ? error.name : 'unknown' });
		}
	}
	if (gone.length) await db.delete(pushSubscriptions).where(inArray(pushSubscriptions.id, gone));
	return tally;
}

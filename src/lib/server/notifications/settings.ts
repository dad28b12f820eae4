import { timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { transaction, type DbOrTx } from '../db';
import { notificationSettings, users } from '../db/schema';
import { derivedSecret } from '../secrets';
import {
	defaultEmailGroups,
	notificationGroups,
	type NotificationGroup
} from '../../domain/notifications';

export interface Settings {
	emailGroups: NotificationGroup[];
	quietFrom: number | null;
	quietUntil: number | null;
	digest: boolean;
	showKind: boolean;
	digestSentOn: string | null;
}

const known = (groups: readonly string[]): NotificationGroup[] =>
	notificationGroups.filter((g) => groups.includes(g));

export async function settingsOf(db: DbOrTx, userId: string): Promise<Settings> {
	const [row] = await db
		.select()
		.from(notificationSettings)
		.where(eq(notificationSettings.userId, userId))
		.limit(1);
	if (!row)
		return {
			emailGroups: [...defaultEmailGroups],
			quietFrom: null,
			quietUntil: null,
			digest: false,
			showKind: false,
			digestSentOn: null
		};
	return { ...row, emailGroups: known(row.emailGroups) };
}

export type SettingsInput = Omit<Settings, 'digestSentOn'>;

export async function saveSettings(
	db: DbOrTx,
	userId: string,
	input: SettingsInput
): Promise<void> {
	// Only the choices: when a digest last went is the deliverer's to write, and a caller that
	// passes on what it read earlier must not put back an older day.
	const values = {
		emailGroups: known(input.emailGroups),
		quietFrom: input.quietFrom,
		quietUntil: input.quietUntil,
		digest: input.digest,
		showKind: input.showKind
	};
	await db
		.insert(notificationSettings)
		.values({ userId, ...values })
		.onConflictDoUpdate({ target: notificationSettings.userId, set: values });
}

/**
 * Email about these groups stops; everything else stays as it was (read and written in one
 * transaction, so a change saved at the same moment is not undone).
 */
export async function stopEmail(
	db: DbOrTx,
	userId: string,
	groups: readonly NotificationGroup[]
): Promise<void> {
	await transaction(db, async (tx) => {
		const current = await settingsOf(tx, userId);
		await saveSettings(tx, userId, {
			...current,
			emailGroups: current.emailGroups.filter((g) => !groups.includes(g))
		});
	});
}

/** The same, for a link that may name an account that has since been deleted. */
export async function stopEmailIfAny(
	db: DbOrTx,
	userId: string,
	groups: readonly NotificationGroup[]
): Promise<void> {
	await transaction(db, async (tx) => {
		const [user] = await tx
			.select({ id: users.id })
			.from(users)
			.where(eq(users.id, userId))
			.limit(1);
		if (user) await stopEmail(tx, userId, groups);
	});
}

export async function markDigestSent(db: DbOrTx, userId: string, day: string): Promise<void> {
	const current = await settingsOf(db, userId);
	await db
		.insert(notificationSettings)
		.values({ userId, ...current, digestSentOn: day })
		.onConflictDoUpdate({ target: notificationSettings.userId, set: { digestSentOn: day } });
}

/**
 * The one-click way out of an email, which works without logging in: it names the account and
 * the groups it turns off (as a number, so the link itself says nothing of what happened),
 * signed with the server's key so it cannot be made for anyone else.
 */
export function unsubscribeToken(userId: string, groups: readonly NotificationGroup[]): string {
	const mask = notificationGroups.reduce((m, g, i) => (groups.includes(g) ? m | (1 << i) : m), 0);
	return `${userId}.${mask}.${derivedSecret(`unsubscribe:${userId}:${mask}`)}`;
}

const TOKEN = /^([a-z0-9]{24})\.([1-9][0-9]{0,3})\.([a-z2-7]{52})$/;

export function readUnsubscribe(
	token: string
): { userId: string; groups: NotificationGroup[] } | null {
	const parts = TOKEN.exec(token);
	if (!parts) return null;
	const [, userId, mask, signature] = parts as unknown as [string, string, string, string];
	const expected = derivedSecret(`unsubscribe:${userId}:${mask}`);
	if (!timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) return null;
	const groups = notificationGroups.filter((_, i) => Number(mask) & (1 << i));
	return groups.length ? { userId, groups } : null;
}

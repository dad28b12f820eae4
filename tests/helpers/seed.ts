import type { Db } from '../../src/lib/server/db';
import { memberships, spaces, users } from '../../src/lib/server/db/schema';

/**
 * People and their spaces, written straight into a test's database: each space with its
 * creator and partners, all active. Ids are the names given.
 */
export async function seedSpaces(
	db: Db,
	given: { id: string; partners: string[] }[],
	at = new Date()
): Promise<void> {
	const people = [...new Set(given.flatMap((s) => s.partners))];
	await db.insert(users).values(
		people.map((id) => ({
			id,
			email: `${id}@example.com`,
			displayName: id,
			passwordHash: 'x',
			kind: 'partner' as const,
			createdAt: at
		}))
	);
	let n = 0;
	for (const space of given) {
		const name = space.id[0]!.toUpperCase() + space.id.slice(1);
		await db
			.insert(spaces)
			.values({ id: space.id, name, createdBy: space.partners[0]!, createdAt: at });
		for (const userId of space.partners)
			await db.insert(memberships).values({
				id: `m${++n}`,
				spaceId: space.id,
				userId,
				role: 'partner',
				status: 'active',
				joinedAt: at
			});
	}
}

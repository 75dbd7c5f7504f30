import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { groupMemberships, groups } from '../../db/schema/index.ts';

// The only code in the groups module that queries the database.

export type GroupRow = typeof groups.$inferSelect;
export type NewGroupRow = typeof groups.$inferInsert;
export type MembershipRow = typeof groupMemberships.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** By id (a UUID) or by slug; a string that is not a UUID is only ever a slug. */
export async function findGroupByIdOrSlug(
  db: DbOrTx,
  idOrSlug: string,
): Promise<GroupRow | undefined> {
  const where = UUID.test(idOrSlug) ? eq(groups.id, idOrSlug) : eq(groups.slug, idOrSlug);
  const [row] = await db.select().from(groups).where(where).limit(1);
  return row;
}

export async function findMembership(
  db: DbOrTx,
  groupId: string,
  userId: string,
): Promise<MembershipRow | undefined> {
  const [row] = await db
    .select()
    .from(groupMemberships)
    .where(and(eq(groupMemberships.groupId, groupId), eq(groupMemberships.userId, userId)))
    .limit(1);
  return row;
}

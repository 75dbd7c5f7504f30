import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { groupMemberships, groups } from '../../db/schema/index.ts';

// Writes for the demo content only: groups and memberships. (Meetings go through the
// meetings module's series service, validated as the editor validates them.)

export type NewGroupRow = typeof groups.$inferInsert;
export type NewMembershipRow = typeof groupMemberships.$inferInsert;

export async function hasAnyGroup(db: DbOrTx): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(groups)
    .limit(1);
  return row !== undefined;
}

/** Inserts groups and returns their ids by slug. */
export async function insertGroups(db: DbOrTx, rows: NewGroupRow[]): Promise<Map<string, string>> {
  const inserted = await db
    .insert(groups)
    .values(rows)
    .returning({ id: groups.id, slug: groups.slug });
  return new Map(inserted.map((r) => [r.slug, r.id]));
}

export async function insertMemberships(db: DbOrTx, rows: NewMembershipRow[]): Promise<void> {
  if (rows.length) await db.insert(groupMemberships).values(rows);
}

import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { groups } from '../../db/schema/index.ts';

// The groups an import creates. Meetings are the meetings module's: the import reads and
// writes them through meetings.directory.service.ts and meetings.series.service.ts.

export type NewImportedGroup = typeof groups.$inferInsert;

/** Groups earlier imports created for `source`: external key → group id. */
export async function listImportedGroups(db: DbOrTx, source: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: groups.id, key: groups.externalKey })
    .from(groups)
    .where(eq(groups.externalSource, source));
  return new Map(rows.map((r) => [r.key ?? '', r.id]));
}

export async function listGroupSlugs(db: DbOrTx): Promise<string[]> {
  const rows = await db.select({ slug: groups.slug }).from(groups);
  return rows.map((r) => r.slug);
}

/** Inserts groups; returns each new id with its external key, in order. */
export async function insertGroups(
  db: DbOrTx,
  values: NewImportedGroup[],
): Promise<{ id: string; externalKey: string }[]> {
  if (values.length === 0) return [];
  const rows = await db
    .insert(groups)
    .values(values)
    .returning({ id: groups.id, externalKey: groups.externalKey });
  return rows.map((r) => ({ id: r.id, externalKey: r.externalKey ?? '' }));
}

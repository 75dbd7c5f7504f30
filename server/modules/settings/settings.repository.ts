import { eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { appSettings } from '../../db/schema/index.ts';

// The only code that reads or writes `app_settings`.

export async function findSetting(db: DbOrTx, key: string): Promise<unknown> {
  const [row] = await db
    .select({ value: appSettings.value })
    .from(appSettings)
    .where(eq(appSettings.key, key))
    .limit(1);
  return row?.value;
}

/** Several settings in one read, by key (a key with no row is absent). */
export async function findSettings(db: DbOrTx, keys: string[]): Promise<Map<string, unknown>> {
  const rows = await db
    .select({ key: appSettings.key, value: appSettings.value })
    .from(appSettings)
    .where(inArray(appSettings.key, keys));
  return new Map(rows.map((r) => [r.key, r.value]));
}

export async function deleteSetting(db: DbOrTx, key: string): Promise<void> {
  await db.delete(appSettings).where(eq(appSettings.key, key));
}

export async function upsertSetting(
  db: DbOrTx,
  key: string,
  value: unknown,
  at: Date,
): Promise<void> {
  await db
    .insert(appSettings)
    .values({ key, value, updatedAt: at })
    .onConflictDoUpdate({
      target: appSettings.key,
      set: { value: sql`excluded.value`, updatedAt: at },
    });
}

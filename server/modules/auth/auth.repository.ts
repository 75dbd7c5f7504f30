import { and, eq, gt, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { authTokens, type AuthTokenRow } from '../../db/schema/index.ts';

// The only code that reads or writes `auth_tokens`: one-time tokens stored by hash.

export type AuthTokenPurpose = AuthTokenRow['purpose'];

export async function insertAuthToken(db: DbOrTx, row: AuthTokenRow): Promise<void> {
  await db.insert(authTokens).values(row);
}

/** A token that is unused and not expired at `now`. */
export async function findLiveAuthToken(
  db: DbOrTx,
  id: string,
  purpose: AuthTokenPurpose,
  now: Date,
): Promise<AuthTokenRow | undefined> {
  const [row] = await db
    .select()
    .from(authTokens)
    .where(
      and(
        eq(authTokens.id, id),
        eq(authTokens.purpose, purpose),
        isNull(authTokens.usedAt),
        gt(authTokens.expiresAt, now),
      ),
    )
    .limit(1);
  return row;
}

/**
 * Marks a live token used and returns it; undefined when it is unknown, expired or already
 * used. One UPDATE, so two requests racing with the same token cannot both win.
 */
export async function consumeAuthToken(
  db: DbOrTx,
  id: string,
  purpose: AuthTokenPurpose,
  now: Date,
): Promise<AuthTokenRow | undefined> {
  const [row] = await db
    .update(authTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(authTokens.id, id),
        eq(authTokens.purpose, purpose),
        isNull(authTokens.usedAt),
        gt(authTokens.expiresAt, now),
      ),
    )
    .returning();
  return row;
}

/** Marks every still-unused token of one purpose for a person as used (e.g. older reset links). */
export async function retireUserAuthTokens(
  db: DbOrTx,
  userId: string,
  purpose: AuthTokenPurpose,
  now: Date,
): Promise<void> {
  await db
    .update(authTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(authTokens.userId, userId),
        eq(authTokens.purpose, purpose),
        isNull(authTokens.usedAt),
      ),
    );
}

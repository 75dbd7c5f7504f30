import { and, asc, desc, eq, gt, isNotNull, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import {
  authTokens,
  recoveryCodes,
  type AuthTokenRow,
  type NewAuthTokenRow,
  type RecoveryCodeRow,
} from '../../db/schema/index.ts';

// The auth module's tables: `auth_tokens` (one-time tokens stored by hash; the account
// module has its own queries for email-change links) and `recovery_codes`.

export type AuthTokenPurpose = AuthTokenRow['purpose'];

export async function insertAuthToken(db: DbOrTx, row: NewAuthTokenRow): Promise<void> {
  await db.insert(authTokens).values(row);
}

/**
 * The password hash the person's sign-up link carried (the newest, live or not): asking to
 * sign up again resends it, so the password chosen first is the one that will be set.
 */
export async function findSignUpPasswordHash(db: DbOrTx, userId: string): Promise<string | null> {
  const [row] = await db
    .select({ passwordHash: authTokens.passwordHash })
    .from(authTokens)
    .where(
      and(
        eq(authTokens.userId, userId),
        eq(authTokens.purpose, 'sign_in_link'),
        isNotNull(authTokens.passwordHash),
      ),
    )
    .orderBy(desc(authTokens.createdAt))
    .limit(1);
  return row?.passwordHash ?? null;
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

/** Replaces a person's recovery codes with new ones (argon2 hashes). */
export async function replaceRecoveryCodes(
  db: DbOrTx,
  userId: string,
  codeHashes: readonly string[],
  now: Date,
): Promise<void> {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  if (codeHashes.length === 0) return;
  await db
    .insert(recoveryCodes)
    .values(codeHashes.map((codeHash) => ({ userId, codeHash, createdAt: now, usedAt: null })));
}

/** Every recovery code of a person, used ones too (a reused one gets its own answer). */
export async function listRecoveryCodes(db: DbOrTx, userId: string): Promise<RecoveryCodeRow[]> {
  return db
    .select()
    .from(recoveryCodes)
    .where(eq(recoveryCodes.userId, userId))
    .orderBy(asc(recoveryCodes.createdAt), asc(recoveryCodes.id));
}

/** Marks an unused code used; false when it was already used (one UPDATE: no race). */
export async function useRecoveryCode(db: DbOrTx, id: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(recoveryCodes.id, id), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return rows.length > 0;
}

export async function deleteRecoveryCodes(db: DbOrTx, userId: string): Promise<void> {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
}

/** For the account export: when each code was made and used, never the hashes. */
export async function listRecoveryCodeDates(db: DbOrTx, userId: string) {
  return db
    .select({ createdAt: recoveryCodes.createdAt, usedAt: recoveryCodes.usedAt })
    .from(recoveryCodes)
    .where(eq(recoveryCodes.userId, userId))
    .orderBy(asc(recoveryCodes.createdAt));
}

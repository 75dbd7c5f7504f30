import { and, desc, eq, ilike, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { users, type NewUserRow, type UserRow } from '../../db/schema/index.ts';

// The only code that reads or writes `users`. Other modules call these (through their
// services); add new queries here rather than querying `users` elsewhere.

export async function findUserById(db: DbOrTx, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

/** By lower-cased email; deleted accounts have none, so they are never found. */
export async function findUserByEmail(db: DbOrTx, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase())).limit(1);
  return row;
}

export async function insertUser(db: DbOrTx, values: NewUserRow): Promise<UserRow> {
  const [row] = await db
    .insert(users)
    .values({ ...values, email: values.email?.toLowerCase() ?? null })
    .returning();
  return row!;
}

export async function updateUser(
  db: DbOrTx,
  id: string,
  patch: Partial<Omit<NewUserRow, 'id' | 'createdAt'>>,
): Promise<UserRow | undefined> {
  const [row] = await db.update(users).set(patch).where(eq(users.id, id)).returning();
  return row;
}

/** Whether any active admin exists (no admin means the setup page is shown). */
export async function hasActiveAdmin(db: DbOrTx): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.status, 'active')))
    .limit(1);
  return row !== undefined;
}

/** What the admin people list can filter on (admin module). */
export interface AdminUserFilter {
  /** Part of a display name or email, matched case-insensitively. */
  q?: string;
  role?: UserRow['role'];
  status?: 'active' | 'suspended';
  /** Keyset cursor: the id of the last person on the previous page. */
  after?: string;
  limit: number;
}

/** Escapes `%`, `_` and `\` so a search term is matched literally by ILIKE. */
const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, '\\$&')}%`;

/** People for the admin list, newest first, deleted accounts left out (admin module). */
export async function listUsersForAdmin(db: DbOrTx, f: AdminUserFilter): Promise<UserRow[]> {
  const conditions = [ne(users.status, 'deleted')];
  if (f.q) {
    const pattern = likePattern(f.q);
    conditions.push(or(ilike(users.displayName, pattern), ilike(users.email, pattern))!);
  }
  if (f.role) conditions.push(eq(users.role, f.role));
  if (f.status) conditions.push(eq(users.status, f.status));
  if (f.after) {
    conditions.push(
      sql`(${users.createdAt}, ${users.id}) < (select c.created_at, c.id from users c where c.id = ${f.after})`,
    );
  }
  return db
    .select()
    .from(users)
    .where(and(...conditions))
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(f.limit);
}

/** Whether anyone at all has an account (the demo only fills an empty database). */
export async function hasAnyUser(db: DbOrTx): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(users)
    .limit(1);
  return row !== undefined;
}

/** Serialises changes to who is an admin (setup, deleting or demoting an admin) until commit. */
const ADMIN_SET_LOCK = 7_447_002;

/**
 * Takes the transaction-scoped lock that guards "is there an active admin?". Call it first
 * inside the transaction, then re-check with `hasActiveAdmin(tx)`.
 */
export async function lockAdminSet(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${ADMIN_SET_LOCK})`);
}

/** How many active admins there are, not counting `exceptId`. */
export async function countOtherActiveAdmins(db: DbOrTx, exceptId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(
      and(eq(users.role, 'admin'), eq(users.status, 'active'), sql`${users.id} <> ${exceptId}`),
    );
  return Number(row?.n ?? 0);
}

/** Display names by id (null for a deleted account); ids not found are left out. */
export async function findDisplayNames(
  db: DbOrTx,
  ids: readonly string[],
): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.displayName]));
}

/**
 * Records that a two-factor code for `step` was used; false when that step (or a later
 * one) was already used, so a code cannot be replayed within its window.
 */
export async function claimTotpStep(db: DbOrTx, id: string, step: number): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, id), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return rows.length > 0;
}

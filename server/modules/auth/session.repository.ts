import { and, desc, eq, lt, ne, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { sessions, users, type SessionRow, type UserRow } from '../../db/schema/index.ts';

export async function insertSession(db: DbOrTx, row: SessionRow): Promise<void> {
  await db.insert(sessions).values(row);
}

/**
 * The session and only what a request needs of its person: never the password hash, the
 * two-factor secret or the email (see `SessionUser`).
 */
export async function findSessionWithUser(
  db: DbOrTx,
  id: string,
): Promise<{ session: SessionRow; user: SessionUserRow } | undefined> {
  const [row] = await db
    .select({
      session: sessions,
      user: {
        id: users.id,
        role: users.role,
        status: users.status,
        locale: users.locale,
        timezone: users.timezone,
        totpEnabledAt: users.totpEnabledAt,
      },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id))
    .limit(1);
  return row;
}

export type SessionUserRow = Pick<
  UserRow,
  'id' | 'role' | 'status' | 'locale' | 'timezone' | 'totpEnabledAt'
>;

export async function touchSession(db: DbOrTx, id: string, at: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, id));
}

export async function deleteSession(db: DbOrTx, id: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, id));
}

export async function deleteUserSession(db: DbOrTx, userId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.id, id)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

/** Removes all of a person's sessions except `keepId` (none kept when it is null). */
export async function deleteUserSessions(
  db: DbOrTx,
  userId: string,
  keepId: string | null,
): Promise<void> {
  await db
    .delete(sessions)
    .where(
      keepId
        ? and(eq(sessions.userId, userId), ne(sessions.id, keepId))
        : eq(sessions.userId, userId),
    );
}

export async function listUserSessions(db: DbOrTx, userId: string): Promise<SessionRow[]> {
  return db
    .select()
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(desc(sessions.lastSeenAt));
}

export async function deleteExpiredSessions(db: DbOrTx, now: Date, idleSince: Date): Promise<void> {
  await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleSince)));
}

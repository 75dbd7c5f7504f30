import { and, desc, eq, gt, inArray, isNull, lt, or, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import {
  auditEvents,
  authTokens,
  groupMemberships,
  groups,
  sessions,
  type AuditEventRow,
  type AuthTokenRow,
  type NewAuthTokenRow,
} from '../../db/schema/index.ts';

// Queries the account module needs outside `users` (which the users module owns). The
// export and deletion reads of other modules' tables live here until those modules
// register their own sections (see export.service.ts and deletion.service.ts).

// ── email change tokens ─────────────────────────────────────────────────────

export async function insertAuthToken(db: DbOrTx, row: NewAuthTokenRow): Promise<void> {
  await db.insert(authTokens).values(row);
}

/** Removes a person's unused tokens of the given purposes (a newer request replaces them). */
export async function deleteUnusedTokens(
  db: DbOrTx,
  userId: string,
  purposes: AuthTokenRow['purpose'][],
): Promise<void> {
  await db
    .delete(authTokens)
    .where(
      and(
        eq(authTokens.userId, userId),
        inArray(authTokens.purpose, purposes),
        isNull(authTokens.usedAt),
      ),
    );
}

/**
 * Marks a live token as used and returns it; undefined when it is unknown, expired, already
 * used or not `userId`'s. One UPDATE, so two concurrent uses cannot both succeed.
 */
export async function consumeToken(
  db: DbOrTx,
  opts: { id: string; userId: string; purpose: AuthTokenRow['purpose']; now: Date },
): Promise<AuthTokenRow | undefined> {
  const [row] = await db
    .update(authTokens)
    .set({ usedAt: opts.now })
    .where(
      and(
        eq(authTokens.id, opts.id),
        eq(authTokens.userId, opts.userId),
        eq(authTokens.purpose, opts.purpose),
        isNull(authTokens.usedAt),
        gt(authTokens.expiresAt, opts.now),
      ),
    )
    .returning();
  return row;
}

export async function deleteAllTokens(db: DbOrTx, userId: string): Promise<void> {
  await db.delete(authTokens).where(eq(authTokens.userId, userId));
}

/** Unused, unexpired tokens: purpose and dates only (never the hash or the new address). */
export async function listPendingTokens(db: DbOrTx, userId: string, now: Date) {
  return db
    .select({
      purpose: authTokens.purpose,
      createdAt: authTokens.createdAt,
      expiresAt: authTokens.expiresAt,
    })
    .from(authTokens)
    .where(
      and(eq(authTokens.userId, userId), isNull(authTokens.usedAt), gt(authTokens.expiresAt, now)),
    )
    .orderBy(desc(authTokens.createdAt));
}

// ── sessions (read for the export; ended through SessionService) ───────────

/** What a person may see of their sessions: never the id hash or the CSRF token. */
export async function listSessionsForExport(db: DbOrTx, userId: string) {
  return db
    .select({
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      userAgent: sessions.userAgent,
      ip: sessions.ip,
    })
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(desc(sessions.lastSeenAt));
}

// ── groups ──────────────────────────────────────────────────────────────────

export async function listMembershipsWithGroups(db: DbOrTx, userId: string) {
  return db
    .select({
      groupId: groupMemberships.groupId,
      groupName: groups.name,
      groupSlug: groups.slug,
      role: groupMemberships.role,
      status: groupMemberships.status,
      createdAt: groupMemberships.createdAt,
      updatedAt: groupMemberships.updatedAt,
    })
    .from(groupMemberships)
    .innerJoin(groups, eq(groups.id, groupMemberships.groupId))
    .where(eq(groupMemberships.userId, userId))
    .orderBy(groups.name);
}

export async function deleteMemberships(db: DbOrTx, userId: string): Promise<void> {
  await db.delete(groupMemberships).where(eq(groupMemberships.userId, userId));
}

// ── audit events about or by a person ──────────────────────────────────────

const involving = (userId: string): SQL =>
  or(eq(auditEvents.subjectId, userId), eq(auditEvents.actorId, userId))!;

/** Newest first; `before` is an event id from the previous page. */
export async function listAuditEventsInvolving(
  db: DbOrTx,
  userId: string,
  opts: { before?: number; limit: number },
): Promise<AuditEventRow[]> {
  return db
    .select()
    .from(auditEvents)
    .where(
      opts.before === undefined
        ? involving(userId)
        : and(involving(userId), lt(auditEvents.id, opts.before)),
    )
    .orderBy(desc(auditEvents.id))
    .limit(opts.limit);
}

/** Every event about or by a person, oldest first (for the export). */
export async function listAllAuditEventsInvolving(db: DbOrTx, userId: string) {
  return db
    .select({
      id: auditEvents.id,
      occurredAt: auditEvents.occurredAt,
      actorId: auditEvents.actorId,
      subjectId: auditEvents.subjectId,
      action: auditEvents.action,
      resourceType: auditEvents.resourceType,
      resourceId: auditEvents.resourceId,
      meta: auditEvents.meta,
    })
    .from(auditEvents)
    .where(involving(userId))
    .orderBy(auditEvents.id);
}

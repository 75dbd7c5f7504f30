import { and, asc, eq, gt, isNull, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { invitations, type InvitationRow, type NewInvitationRow } from '../../db/schema/index.ts';

// The only code that touches the invitations table.

export async function insertInvitation(
  db: DbOrTx,
  values: NewInvitationRow,
): Promise<InvitationRow> {
  const [row] = await db.insert(invitations).values(values).returning();
  return row!;
}

export async function findInvitationByTokenHash(
  db: DbOrTx,
  tokenHash: string,
  opts: { forUpdate?: boolean } = {},
): Promise<InvitationRow | undefined> {
  const query = db.select().from(invitations).where(eq(invitations.tokenHash, tokenHash)).limit(1);
  const [row] = opts.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function findInvitationById(
  db: DbOrTx,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<InvitationRow | undefined> {
  const query = db.select().from(invitations).where(eq(invitations.id, id)).limit(1);
  const [row] = opts.forUpdate ? await query.for('update') : await query;
  return row;
}

/** Neither accepted, revoked nor expired at `now`; one group's when `groupId` is given. */
export async function listPendingInvitations(
  db: DbOrTx,
  now: Date,
  groupId?: string,
): Promise<InvitationRow[]> {
  return db
    .select()
    .from(invitations)
    .where(
      and(
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, now),
        groupId ? eq(invitations.groupId, groupId) : undefined,
      ),
    )
    .orderBy(asc(invitations.createdAt));
}

export async function markAccepted(
  db: DbOrTx,
  id: string,
  userId: string,
  now: Date,
): Promise<void> {
  await db
    .update(invitations)
    .set({ acceptedAt: now, acceptedBy: userId })
    .where(eq(invitations.id, id));
}

export async function markRevoked(
  db: DbOrTx,
  id: string,
  userId: string,
  now: Date,
): Promise<void> {
  await db
    .update(invitations)
    .set({ revokedAt: now, revokedBy: userId })
    .where(eq(invitations.id, id));
}

/** Invitations a person sent, received (by address) or accepted: for their data export. */
export async function listInvitationsOfPerson(
  db: DbOrTx,
  userId: string,
  email: string | null,
): Promise<InvitationRow[]> {
  return db
    .select()
    .from(invitations)
    .where(
      or(
        eq(invitations.invitedBy, userId),
        eq(invitations.acceptedBy, userId),
        eq(invitations.revokedBy, userId),
        email ? eq(invitations.email, email) : undefined,
      ),
    )
    .orderBy(asc(invitations.createdAt));
}

/**
 * On account deletion: the invitations the person accepted go (they hold their address);
 * on those they sent or revoked, only their id is cleared.
 */
export async function forgetPerson(db: DbOrTx, userId: string): Promise<void> {
  await db.delete(invitations).where(eq(invitations.acceptedBy, userId));
  await db.update(invitations).set({ invitedBy: null }).where(eq(invitations.invitedBy, userId));
  await db.update(invitations).set({ revokedBy: null }).where(eq(invitations.revokedBy, userId));
}

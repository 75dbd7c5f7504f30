/**
 * What the invitations module holds about a person, for the account export and deletion
 * (registered in `modules/account/`): invitations they sent, revoked, accepted, or that
 * were sent to their address. Never the link's token (only its hash is stored).
 */
import type { DbOrTx, Tx } from '../../db/client.ts';
import * as repo from './invitations.repository.ts';

export async function exportInvitations(db: DbOrTx, userId: string, email: string | null) {
  const rows = await repo.listInvitationsOfPerson(db, userId, email?.toLowerCase() ?? null);
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    role: r.role,
    groupId: r.groupId,
    sentByYou: r.invitedBy === userId,
    acceptedByYou: r.acceptedBy === userId,
    revokedByYou: r.revokedBy === userId,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    acceptedAt: r.acceptedAt,
    revokedAt: r.revokedAt,
  }));
}

export async function deleteInvitations(tx: Tx, userId: string): Promise<void> {
  await repo.forgetPerson(tx, userId);
}

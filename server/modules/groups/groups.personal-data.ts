/**
 * What the groups module holds about a person beyond their memberships (which the account
 * module exports and deletes): their requests to join, with any message still waiting and
 * each answer. Registered in `modules/account/` (`export.service.ts`, `deletion.service.ts`).
 */
import type { DbOrTx, Tx } from '../../db/client.ts';
import * as repo from './groups.repository.ts';

/** Every request to join, newest first: the group, the message while waiting, the answer. */
export async function exportJoinRequests(db: DbOrTx, userId: string) {
  return (await repo.listJoinRequestsOf(db, userId)).map((r) => ({
    groupId: r.groupId,
    groupName: r.groupName,
    groupSlug: r.groupSlug,
    message: r.message,
    requestedAt: r.createdAt,
    answer: r.answer,
    answeredAt: r.answeredAt,
  }));
}

export async function deleteJoinRequests(tx: Tx, userId: string): Promise<void> {
  await repo.deleteJoinRequestsOf(tx, userId);
}

import type { DbOrTx, Tx } from '../../db/client.ts';
import { forgetPersonInFlows } from './rooms.flow.ts';
import * as repo from './rooms.repository.ts';

/** What the live rooms hold about a person: their messages, reactions and room standing. */
export async function exportRooms(db: DbOrTx, userId: string) {
  const [messages, reactions, participations] = await Promise.all([
    repo.listMessagesBy(db, userId),
    repo.listReactionsBy(db, userId),
    repo.listParticipationsOf(db, userId),
  ]);
  return {
    messages: messages.map((m) => ({
      roomId: m.roomId,
      body: m.body,
      sentAt: m.sentAt.toISOString(),
      editedAt: m.editedAt?.toISOString() ?? null,
      deletedAt: m.deletedAt?.toISOString() ?? null,
    })),
    reactions,
    participations: participations.map((p) => ({
      roomId: p.roomId,
      mutedAt: p.mutedAt?.toISOString() ?? null,
      muteReason: p.muteReason,
      removedAt: p.removedAt?.toISOString() ?? null,
    })),
  };
}

/**
 * On account deletion: the person's messages are emptied and unlinked (the room keeps its
 * sequence), their reactions and room standing go, and "hidden by" no longer names them.
 */
export async function deleteRoomData(tx: Tx, userId: string): Promise<void> {
  await repo.eraseAuthor(tx, userId);
  // Hands, floor, rounds and who shared, in every room's stored flow.
  await forgetPersonInFlows(tx, userId);
}

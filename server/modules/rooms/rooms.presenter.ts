import type { Reaction, RoomMessage } from '../../../contracts/rooms.ts';
import { REACTIONS } from '../../../contracts/rooms.ts';
import type { MessageWithAuthor } from './rooms.repository.ts';

export const FORMER_MEMBER = 'Former member';

export interface ReactionRow {
  messageId: string;
  userId: string;
  reaction: string;
}

/**
 * A message as everyone sees it: a deleted or hidden one without its text. `myReactions`
 * is the reader's own (empty in broadcasts: each client keeps its own from its acks).
 */
export function presentMessage(
  row: MessageWithAuthor,
  reactions: readonly ReactionRow[],
  readerId: string | null,
): RoomMessage {
  const counts = Object.fromEntries(REACTIONS.map((r) => [r, 0])) as Record<Reaction, number>;
  const mine: Reaction[] = [];
  for (const r of reactions) {
    if (r.messageId !== row.id || !(REACTIONS as readonly string[]).includes(r.reaction)) continue;
    counts[r.reaction as Reaction]++;
    if (readerId && r.userId === readerId) mine.push(r.reaction as Reaction);
  }
  const gone = row.deletedAt !== null || row.hiddenAt !== null;
  return {
    id: row.id,
    seq: row.seq,
    rev: row.rev,
    clientId: row.clientId,
    authorId: row.authorId,
    authorName: row.authorId ? (row.authorName ?? FORMER_MEMBER) : FORMER_MEMBER,
    body: gone ? '' : row.body,
    sentAt: row.sentAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    deleted: row.deletedAt !== null,
    hidden: row.hiddenAt !== null ? { reason: row.hiddenReason ?? '' } : null,
    reactions: counts,
    myReactions: mine,
  };
}

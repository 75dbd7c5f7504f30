import { and, asc, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import {
  roomMessages,
  roomParticipants,
  roomReactions,
  rooms,
  users,
  type RoomMessageRow,
  type RoomParticipantRow,
  type RoomRow,
} from '../../db/schema/index.ts';

export type { RoomMessageRow, RoomParticipantRow, RoomRow };

export async function findRoom(db: DbOrTx, id: string): Promise<RoomRow | undefined> {
  const [row] = await db.select().from(rooms).where(eq(rooms.id, id)).limit(1);
  return row;
}

export async function findRoomByOccurrence(
  db: DbOrTx,
  meetingId: string,
  occurrenceId: string,
): Promise<RoomRow | undefined> {
  const [row] = await db
    .select()
    .from(rooms)
    .where(and(eq(rooms.meetingId, meetingId), eq(rooms.occurrenceId, occurrenceId)))
    .limit(1);
  return row;
}

/** The room of an occurrence, created on first entry (a concurrent creation is harmless). */
export async function ensureRoom(
  db: DbOrTx,
  meetingId: string,
  occurrenceId: string,
  now: Date,
): Promise<RoomRow> {
  await db
    .insert(rooms)
    .values({ meetingId, occurrenceId, createdAt: now })
    .onConflictDoNothing({ target: [rooms.meetingId, rooms.occurrenceId] });
  return (await findRoomByOccurrence(db, meetingId, occurrenceId))!;
}

/** Takes the room's next sequence number (the row stays locked until the commit). */
export async function nextSeq(db: DbOrTx, roomId: string): Promise<number> {
  const [row] = await db
    .update(rooms)
    .set({ lastSeq: sql`${rooms.lastSeq} + 1` })
    .where(eq(rooms.id, roomId))
    .returning({ lastSeq: rooms.lastSeq });
  return row!.lastSeq;
}

export async function updateRoom(
  db: DbOrTx,
  roomId: string,
  changes: Partial<Pick<RoomRow, 'openedEarlyAt' | 'endedAt' | 'flow'>>,
): Promise<RoomRow | undefined> {
  const [row] = await db.update(rooms).set(changes).where(eq(rooms.id, roomId)).returning();
  return row;
}

export async function findParticipant(
  db: DbOrTx,
  roomId: string,
  userId: string,
): Promise<RoomParticipantRow | undefined> {
  const [row] = await db
    .select()
    .from(roomParticipants)
    .where(and(eq(roomParticipants.roomId, roomId), eq(roomParticipants.userId, userId)))
    .limit(1);
  return row;
}

export async function listParticipants(
  db: DbOrTx,
  roomId: string,
  userIds: readonly string[],
): Promise<RoomParticipantRow[]> {
  if (userIds.length === 0) return [];
  return db
    .select()
    .from(roomParticipants)
    .where(
      and(eq(roomParticipants.roomId, roomId), inArray(roomParticipants.userId, [...userIds])),
    );
}

export async function upsertParticipant(
  db: DbOrTx,
  values: typeof roomParticipants.$inferInsert,
): Promise<RoomParticipantRow> {
  const { roomId: _r, userId: _u, ...changes } = values;
  const [row] = await db
    .insert(roomParticipants)
    .values(values)
    .onConflictDoUpdate({
      target: [roomParticipants.roomId, roomParticipants.userId],
      set: changes,
    })
    .returning();
  return row!;
}

export interface MessageWithAuthor extends RoomMessageRow {
  authorName: string | null;
}

const messageColumns = {
  id: roomMessages.id,
  roomId: roomMessages.roomId,
  seq: roomMessages.seq,
  rev: roomMessages.rev,
  authorId: roomMessages.authorId,
  clientId: roomMessages.clientId,
  body: roomMessages.body,
  sentAt: roomMessages.sentAt,
  editedAt: roomMessages.editedAt,
  deletedAt: roomMessages.deletedAt,
  hiddenReason: roomMessages.hiddenReason,
  hiddenBy: roomMessages.hiddenBy,
  hiddenAt: roomMessages.hiddenAt,
  authorName: users.displayName,
};

/** Messages changed after `afterRev` (all when 0), in rev order, at most `limit`. */
export async function listMessagesAfter(
  db: DbOrTx,
  roomId: string,
  afterRev: number,
  limit: number,
): Promise<MessageWithAuthor[]> {
  return db
    .select(messageColumns)
    .from(roomMessages)
    .leftJoin(users, eq(users.id, roomMessages.authorId))
    .where(and(eq(roomMessages.roomId, roomId), gt(roomMessages.rev, afterRev)))
    .orderBy(asc(roomMessages.rev))
    .limit(limit);
}

/** The last `limit` messages by seq, oldest first. */
export async function listLastMessages(
  db: DbOrTx,
  roomId: string,
  limit: number,
): Promise<MessageWithAuthor[]> {
  const rows = await db
    .select(messageColumns)
    .from(roomMessages)
    .leftJoin(users, eq(users.id, roomMessages.authorId))
    .where(eq(roomMessages.roomId, roomId))
    .orderBy(desc(roomMessages.seq))
    .limit(limit);
  return rows.reverse();
}

export async function findMessage(
  db: DbOrTx,
  roomId: string,
  messageId: string,
): Promise<MessageWithAuthor | undefined> {
  const [row] = await db
    .select(messageColumns)
    .from(roomMessages)
    .leftJoin(users, eq(users.id, roomMessages.authorId))
    .where(and(eq(roomMessages.roomId, roomId), eq(roomMessages.id, messageId)))
    .limit(1);
  return row;
}

export async function findMessageByClientId(
  db: DbOrTx,
  roomId: string,
  authorId: string,
  clientId: string,
): Promise<MessageWithAuthor | undefined> {
  const [row] = await db
    .select(messageColumns)
    .from(roomMessages)
    .leftJoin(users, eq(users.id, roomMessages.authorId))
    .where(
      and(
        eq(roomMessages.roomId, roomId),
        eq(roomMessages.authorId, authorId),
        eq(roomMessages.clientId, clientId),
      ),
    )
    .limit(1);
  return row;
}

/** Inserts a message; undefined when the (room, author, clientId) already exists. */
export async function insertMessage(
  db: DbOrTx,
  values: typeof roomMessages.$inferInsert,
): Promise<RoomMessageRow | undefined> {
  const [row] = await db
    .insert(roomMessages)
    .values(values)
    .onConflictDoNothing({
      target: [roomMessages.roomId, roomMessages.authorId, roomMessages.clientId],
    })
    .returning();
  return row;
}

export async function updateMessage(
  db: DbOrTx,
  messageId: string,
  changes: Partial<
    Pick<
      RoomMessageRow,
      'rev' | 'body' | 'editedAt' | 'deletedAt' | 'hiddenReason' | 'hiddenBy' | 'hiddenAt'
    >
  >,
): Promise<void> {
  await db.update(roomMessages).set(changes).where(eq(roomMessages.id, messageId));
}

export async function setReaction(
  db: DbOrTx,
  messageId: string,
  userId: string,
  reaction: string,
  on: boolean,
): Promise<boolean> {
  if (on) {
    const rows = await db
      .insert(roomReactions)
      .values({ messageId, userId, reaction })
      .onConflictDoNothing()
      .returning();
    return rows.length > 0;
  }
  const rows = await db
    .delete(roomReactions)
    .where(
      and(
        eq(roomReactions.messageId, messageId),
        eq(roomReactions.userId, userId),
        eq(roomReactions.reaction, reaction),
      ),
    )
    .returning();
  return rows.length > 0;
}

export async function listReactions(
  db: DbOrTx,
  messageIds: readonly string[],
): Promise<{ messageId: string; userId: string; reaction: string }[]> {
  if (messageIds.length === 0) return [];
  return db
    .select()
    .from(roomReactions)
    .where(inArray(roomReactions.messageId, [...messageIds]));
}

// --- personal data -------------------------------------------------------------------------

export async function listMessagesBy(db: DbOrTx, userId: string) {
  return db
    .select({
      roomId: roomMessages.roomId,
      body: roomMessages.body,
      sentAt: roomMessages.sentAt,
      editedAt: roomMessages.editedAt,
      deletedAt: roomMessages.deletedAt,
    })
    .from(roomMessages)
    .where(eq(roomMessages.authorId, userId))
    .orderBy(asc(roomMessages.sentAt));
}

export async function listReactionsBy(db: DbOrTx, userId: string) {
  return db
    .select({ messageId: roomReactions.messageId, reaction: roomReactions.reaction })
    .from(roomReactions)
    .where(eq(roomReactions.userId, userId));
}

export async function listParticipationsOf(db: DbOrTx, userId: string) {
  return db.select().from(roomParticipants).where(eq(roomParticipants.userId, userId));
}

/** A deleted person's words leave the rooms: their messages are emptied and unlinked. */
export async function eraseAuthor(db: DbOrTx, userId: string): Promise<void> {
  await db
    .update(roomMessages)
    .set({ body: '', deletedAt: sql`coalesce(${roomMessages.deletedAt}, now())`, authorId: null })
    .where(eq(roomMessages.authorId, userId));
  await db.delete(roomReactions).where(eq(roomReactions.userId, userId));
  await db.delete(roomParticipants).where(eq(roomParticipants.userId, userId));
  await db.update(roomMessages).set({ hiddenBy: null }).where(eq(roomMessages.hiddenBy, userId));
}

/** Locks the room row until the commit: changes in one room take sequence numbers in turn. */
export async function lockRoom(db: DbOrTx, roomId: string): Promise<void> {
  await db.select({ id: rooms.id }).from(rooms).where(eq(rooms.id, roomId)).for('update');
}

import { sql } from 'drizzle-orm';
import {
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { RoomFlow } from '../../../contracts/rooms.ts';
import { meetings } from './groups.ts';
import { users } from './users.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A live room: one occurrence of an online or hybrid meeting, created on first entry.
 * `last_seq` is the room's sequence counter: every stored message and every change to one
 * takes the next value (see docs/realtime.md).
 */
export const rooms = pgTable(
  'rooms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    /** The occurrence's scheduled local date (stays the same when it moves). */
    occurrenceId: date('occurrence_id').notNull(),
    lastSeq: integer('last_seq').notNull().default(0),
    /** A facilitator opened the room before its usual opening time. */
    openedEarlyAt: ts('opened_early_at'),
    /** A facilitator ended the meeting. */
    endedAt: ts('ended_at'),
    flow: jsonb('flow')
      .$type<RoomFlow>()
      .notNull()
      .default(
        sql`'{"agenda":[],"step":null,"floor":null,"hands":[],"round":null,"timer":null}'::jsonb`,
      ),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('rooms_occurrence_unique').on(t.meetingId, t.occurrenceId)],
);

/** A chat message. `seq` is its place in the room; `rev` the sequence number of its last change. */
export const roomMessages = pgTable(
  'room_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    roomId: uuid('room_id')
      .notNull()
      .references(() => rooms.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    rev: integer('rev').notNull(),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    /** The sender's own id for the send, so a retry is not stored twice. */
    clientId: text('client_id').notNull(),
    body: text('body').notNull(),
    sentAt: ts('sent_at').notNull(),
    editedAt: ts('edited_at'),
    deletedAt: ts('deleted_at'),
    hiddenReason: text('hidden_reason'),
    hiddenBy: uuid('hidden_by').references(() => users.id, { onDelete: 'set null' }),
    hiddenAt: ts('hidden_at'),
  },
  (t) => [
    uniqueIndex('room_messages_seq_unique').on(t.roomId, t.seq),
    uniqueIndex('room_messages_client_unique').on(t.roomId, t.authorId, t.clientId),
    index('room_messages_rev_idx').on(t.roomId, t.rev),
  ],
);

export const roomReactions = pgTable(
  'room_reactions',
  {
    messageId: uuid('message_id')
      .notNull()
      .references(() => roomMessages.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    reaction: text('reaction').notNull(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.userId, t.reaction] })],
);

/** A person's standing in one room: muted or removed by a facilitator. */
export const roomParticipants = pgTable(
  'room_participants',
  {
    roomId: uuid('room_id')
      .notNull()
      .references(() => rooms.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    mutedAt: ts('muted_at'),
    muteReason: text('mute_reason'),
    removedAt: ts('removed_at'),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.userId] })],
);

export type RoomRow = typeof rooms.$inferSelect;
export type RoomMessageRow = typeof roomMessages.$inferSelect;
export type RoomParticipantRow = typeof roomParticipants.$inferSelect;

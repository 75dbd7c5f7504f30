import { sql } from 'drizzle-orm';
import {
  boolean,
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
import { meetings } from './groups.ts';
import { users } from './users.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A person's inbox: one row per thing they were told (a reminder, a cancelled meeting, …).
 * `kind` names an entry of the kinds registry (server/modules/notifications/notification-kinds.ts);
 * `data` holds ids and links only, never a health topic; the text is built when shown, in
 * the reader's language. `dedupe_key` makes "tell once" idempotent across job retries.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    data: jsonb('data').$type<Record<string, string | number | boolean | null>>().notNull(),
    createdAt: ts('created_at').notNull(),
    readAt: ts('read_at'),
    /** When the email went out (null: not emailed, or still waiting for quiet hours to end). */
    emailedAt: ts('emailed_at'),
    dedupeKey: text('dedupe_key'),
  },
  (t) => [
    uniqueIndex('notifications_dedupe_unique')
      .on(t.dedupeKey)
      .where(sql`${t.dedupeKey} is not null`),
    index('notifications_user_created_idx').on(t.userId, t.createdAt),
    index('notifications_user_unread_idx')
      .on(t.userId)
      .where(sql`${t.readAt} is null`),
  ],
);

/**
 * How a person wants to be told. The inbox is always on; `email_off` lists the kinds they
 * do not want by email (so a kind added later gets its default). Quiet hours are local
 * times in `users.timezone`; no email goes out between them (it waits until they end).
 */
export const notificationPreferences = pgTable('notification_preferences', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** Kinds whose email the person switched off (or on, against the default: `email_on`). */
  emailOff: text('email_off')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  emailOn: text('email_on')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  quietHoursEnabled: boolean('quiet_hours_enabled').notNull().default(false),
  /** `HH:MM`, local. */
  quietStart: text('quiet_start').notNull().default('22:00'),
  quietEnd: text('quiet_end').notNull().default('07:00'),
  updatedAt: ts('updated_at').notNull(),
});

/** The reminders a person chose for a meeting series: minutes before each occurrence. */
export const meetingReminders = pgTable(
  'meeting_reminders',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    minutesBefore: integer('minutes_before').array().notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.meetingId] }),
    index('meeting_reminders_meeting_idx').on(t.meetingId),
  ],
);

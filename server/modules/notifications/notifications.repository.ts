import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { meetingReminders, notificationPreferences, notifications } from '../../db/schema/index.ts';

// The only code that reads and writes the notification tables.

export type NotificationRow = typeof notifications.$inferSelect;
export type PreferencesRow = typeof notificationPreferences.$inferSelect;
export type ReminderRow = typeof meetingReminders.$inferSelect;

/** Inserts once: a second insert with the same dedupe key returns undefined. */
export async function insertNotification(
  db: DbOrTx,
  row: typeof notifications.$inferInsert,
): Promise<NotificationRow | undefined> {
  const [saved] = await db.insert(notifications).values(row).onConflictDoNothing().returning();
  return saved;
}

export async function findNotification(
  db: DbOrTx,
  id: string,
): Promise<NotificationRow | undefined> {
  const [row] = await db.select().from(notifications).where(eq(notifications.id, id));
  return row;
}

/** A person's notifications, newest first, before a given one (keyset paging). */
export async function listNotifications(
  db: DbOrTx,
  userId: string,
  opts: { before?: NotificationRow; limit: number },
): Promise<NotificationRow[]> {
  const b = opts.before;
  return db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, userId),
        b
          ? or(
              lt(notifications.createdAt, b.createdAt),
              and(eq(notifications.createdAt, b.createdAt), lt(notifications.id, b.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(opts.limit);
}

export async function countUnread(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

export async function markRead(db: DbOrTx, userId: string, id: string, at: Date): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: at })
    .where(
      and(eq(notifications.id, id), eq(notifications.userId, userId), isNull(notifications.readAt)),
    );
}

export async function markAllRead(db: DbOrTx, userId: string, at: Date): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: at })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
}

/** Claims the email of a notification: true once, for the first caller (retries see false). */
export async function claimEmail(db: DbOrTx, id: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(notifications)
    .set({ emailedAt: at })
    .where(and(eq(notifications.id, id), isNull(notifications.emailedAt)))
    .returning({ id: notifications.id });
  return rows.length > 0;
}

export async function unclaimEmail(db: DbOrTx, id: string): Promise<void> {
  await db.update(notifications).set({ emailedAt: null }).where(eq(notifications.id, id));
}

export async function listAllNotifications(db: DbOrTx, userId: string) {
  return db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt));
}

export async function deleteNotificationsOf(db: DbOrTx, userId: string): Promise<void> {
  await db.delete(notifications).where(eq(notifications.userId, userId));
}

// --- preferences ---------------------------------------------------------------------------

export async function findPreferences(
  db: DbOrTx,
  userId: string,
): Promise<PreferencesRow | undefined> {
  const [row] = await db
    .select()
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId));
  return row;
}

export async function upsertPreferences(
  db: DbOrTx,
  row: typeof notificationPreferences.$inferInsert,
): Promise<PreferencesRow> {
  const { userId: _id, ...rest } = row;
  const [saved] = await db
    .insert(notificationPreferences)
    .values(row)
    .onConflictDoUpdate({ target: notificationPreferences.userId, set: rest })
    .returning();
  return saved!;
}

export async function deletePreferencesOf(db: DbOrTx, userId: string): Promise<void> {
  await db.delete(notificationPreferences).where(eq(notificationPreferences.userId, userId));
}

// --- meeting reminders ---------------------------------------------------------------------

export async function findReminder(
  db: DbOrTx,
  userId: string,
  meetingId: string,
): Promise<ReminderRow | undefined> {
  const [row] = await db
    .select()
    .from(meetingReminders)
    .where(and(eq(meetingReminders.userId, userId), eq(meetingReminders.meetingId, meetingId)));
  return row;
}

export async function upsertReminder(db: DbOrTx, row: typeof meetingReminders.$inferInsert) {
  await db
    .insert(meetingReminders)
    .values(row)
    .onConflictDoUpdate({
      target: [meetingReminders.userId, meetingReminders.meetingId],
      set: { minutesBefore: row.minutesBefore },
    });
}

export async function deleteReminder(db: DbOrTx, userId: string, meetingId: string) {
  await db
    .delete(meetingReminders)
    .where(and(eq(meetingReminders.userId, userId), eq(meetingReminders.meetingId, meetingId)));
}

/** Every reminder choice (the sweep groups them by meeting). */
export async function listAllReminders(db: DbOrTx): Promise<ReminderRow[]> {
  return db.select().from(meetingReminders);
}

export async function listRemindersOfMeeting(
  db: DbOrTx,
  meetingId: string,
): Promise<ReminderRow[]> {
  return db.select().from(meetingReminders).where(eq(meetingReminders.meetingId, meetingId));
}

export async function listRemindersOf(db: DbOrTx, userId: string): Promise<ReminderRow[]> {
  return db.select().from(meetingReminders).where(eq(meetingReminders.userId, userId));
}

export async function deleteRemindersOf(db: DbOrTx, userId: string): Promise<void> {
  await db.delete(meetingReminders).where(eq(meetingReminders.userId, userId));
}

/**
 * What the notification system holds about a person, for the account export and deletion
 * (registered in `modules/account/`): their inbox, their preferences and quiet hours, and the
 * reminders they chose.
 */
import type { DbOrTx, Tx } from '../../db/client.ts';
import * as repo from './notifications.repository.ts';

export async function exportNotifications(db: DbOrTx, userId: string) {
  return (await repo.listAllNotifications(db, userId)).map((n) => ({
    id: n.id,
    kind: n.kind,
    data: n.data,
    createdAt: n.createdAt,
    readAt: n.readAt,
    emailedAt: n.emailedAt,
  }));
}

export async function exportNotificationPreferences(db: DbOrTx, userId: string) {
  const prefs = await repo.findPreferences(db, userId);
  if (!prefs) return null;
  const { userId: _id, ...rest } = prefs;
  return rest;
}

export async function exportMeetingReminders(db: DbOrTx, userId: string) {
  return (await repo.listRemindersOf(db, userId)).map((r) => ({
    meetingId: r.meetingId,
    minutesBefore: r.minutesBefore,
    createdAt: r.createdAt,
  }));
}

export const deleteNotifications = (tx: Tx, userId: string) =>
  repo.deleteNotificationsOf(tx, userId);
export const deleteNotificationPreferences = (tx: Tx, userId: string) =>
  repo.deletePreferencesOf(tx, userId);
export const deleteMeetingReminders = (tx: Tx, userId: string) =>
  repo.deleteRemindersOf(tx, userId);

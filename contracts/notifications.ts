import { z } from 'zod';
import { Timestamp } from './common.ts';

/**
 * The notification inbox, preferences, quiet hours and meeting reminders (/api/me/…).
 * The live unread count travels as the `inbox:unread` socket event (contracts/rooms.ts).
 */

/** Every kind the product sends; later issues add theirs here and in notification-kinds.ts. */
export const notificationKinds = [
  'meeting_reminder',
  'meeting_cancelled',
  'join_request_answered',
] as const;
export const NotificationKind = z.enum(notificationKinds);
export type NotificationKind = z.infer<typeof NotificationKind>;

/** One inbox entry, its text already in the reader's language (never a health topic). */
export const NotificationView = z.object({
  id: z.uuid(),
  kind: NotificationKind,
  title: z.string(),
  body: z.string(),
  /** A path inside the site (e.g. `/meetings/abc`), or null. */
  link: z.string().nullable(),
  createdAt: Timestamp,
  readAt: Timestamp.nullable(),
});
export type NotificationView = z.infer<typeof NotificationView>;

export const NotificationListQuery = z.object({
  /** Entries created before this one (the previous page's last id), newest first. */
  before: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const NotificationList = z.object({
  items: z.array(NotificationView),
  unread: z.number().int(),
  /** Pass as `before` for the next page; null at the end. */
  nextBefore: z.uuid().nullable(),
});
export type NotificationList = z.infer<typeof NotificationList>;

export const UnreadCount = z.object({ unread: z.number().int() });
export type UnreadCount = z.infer<typeof UnreadCount>;

export const NotificationIdParams = z.object({ id: z.uuid() });

const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a 24-hour time like 22:00');

export const QuietHours = z.object({
  enabled: z.boolean(),
  /** Local times in `timezone` (the person's zone from their account settings). */
  start: LocalTime,
  end: LocalTime,
});

export const KindPreference = z.object({
  kind: NotificationKind,
  /** The inbox is always on. */
  inbox: z.literal(true),
  email: z.boolean(),
});

export const NotificationPreferences = z.object({
  kinds: z.array(KindPreference),
  quietHours: QuietHours,
  /** Read-only here: the account's zone, in which quiet hours are read. */
  timezone: z.string(),
});
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;

export const UpdateNotificationPreferences = z.object({
  kinds: z
    .array(z.object({ kind: NotificationKind, email: z.boolean() }))
    .max(notificationKinds.length * 2)
    .optional(),
  quietHours: QuietHours.optional(),
});
export type UpdateNotificationPreferences = z.infer<typeof UpdateNotificationPreferences>;

/** The reminder times a member may choose, in minutes before the meeting starts. */
export const reminderChoices = [15, 30, 60, 1440] as const;
export const ReminderMinutes = z.literal(reminderChoices);

export const MeetingReminders = z.object({
  meetingSlug: z.string(),
  /** Empty: no reminders. */
  minutesBefore: z.array(ReminderMinutes),
});
export type MeetingReminders = z.infer<typeof MeetingReminders>;

export const UpdateMeetingReminders = z.object({
  minutesBefore: z
    .array(ReminderMinutes)
    .max(reminderChoices.length)
    .refine((a) => new Set(a).size === a.length, 'Choose each time once'),
});
export type UpdateMeetingReminders = z.infer<typeof UpdateMeetingReminders>;

export const ReminderMeetingParams = z.object({ meetingSlug: z.string().min(1).max(100) });

import { Temporal } from 'temporal-polyfill';

/** Pure rules of the notification system (no database): quiet hours and reminder times. */

export interface QuietHoursSetting {
  enabled: boolean;
  /** `HH:MM` local. */
  start: string;
  end: string;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * When the quiet hours around `now` end (the instant to send a held email), or null when
 * `now` is outside them. Quiet hours may cross midnight (22:00–07:00); equal start and end
 * mean none. Read in the person's zone, so DST moves them with the wall clock.
 */
export function quietHoursEnd(now: Date, quiet: QuietHoursSetting, zone: string): Date | null {
  if (!quiet.enabled || quiet.start === quiet.end) return null;
  const local = Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(zone);
  const t = local.hour * 60 + local.minute;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const inside = start < end ? t >= start && t < end : t >= start || t < end;
  if (!inside) return null;
  const date = local.toPlainDate();
  const endTime = Temporal.PlainTime.from(quiet.end);
  let ends = date.toZonedDateTime({ timeZone: zone, plainTime: endTime });
  if (ends.epochMilliseconds <= now.getTime()) {
    ends = date.add({ days: 1 }).toZonedDateTime({ timeZone: zone, plainTime: endTime });
  }
  return new Date(ends.epochMilliseconds);
}

/** How far back the reminder sweep looks: reminders missed in a short outage still go. */
export const SWEEP_LOOKBACK_MINUTES = 15;

/**
 * Whether a reminder `minutesBefore` an occurrence starting at `start` is due at `now`:
 * its time has come (within the lookback) and the meeting has not started yet.
 */
export function isReminderDue(start: Date, minutesBefore: number, now: Date): boolean {
  const at = start.getTime() - minutesBefore * 60_000;
  return at <= now.getTime() && at > now.getTime() - SWEEP_LOOKBACK_MINUTES * 60_000 && start > now;
}

/** The one key that makes a reminder go once, whatever the job retries. */
export const reminderKey = (
  userId: string,
  meetingId: string,
  occurrenceId: string,
  minutesBefore: number,
) => `meeting_reminder:${userId}:${meetingId}:${occurrenceId}:${minutesBefore}`;

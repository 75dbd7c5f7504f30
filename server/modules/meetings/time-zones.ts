import { Temporal } from 'temporal-polyfill';

// Fixed offsets ("+05:00", "UTC+5") are valid for Intl and Temporal but carry no DST rules,
// so a weekly meeting stored with one drifts by an hour twice a year. We insist on zone names.
const OFFSET_LIKE = /^(?:[-+\u2212]|(?:utc|gmt)[-+])/i;

/** True for an IANA zone name this runtime knows (`America/New_York`, `UTC`), false for offsets. */
export function isValidTimeZone(name: string): boolean {
  if (name.trim() !== name || name === '' || OFFSET_LIKE.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    Temporal.Now.instant().toZonedDateTimeISO(name);
    return true;
  } catch {
    return false;
  }
}

/** The real instant of a local wall-clock date and time in `zone` (DST gaps move forward). */
export function localToInstant(date: string, time: string, zone: string): Date {
  const local = Temporal.PlainDateTime.from(`${date}T${time}`);
  const zoned = local.toZonedDateTime(zone, { disambiguation: 'compatible' });
  return new Date(zoned.epochMilliseconds);
}

/** The wall-clock date, time and weekday (0 = Sunday) of an instant in `zone`. */
export function instantToLocal(
  instant: Date,
  zone: string,
): { date: string; time: string; weekday: number } {
  const zoned = Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(zone);
  return {
    date: zoned.toPlainDate().toString(),
    time: `${pad2(zoned.hour)}:${pad2(zoned.minute)}`,
    weekday: zoned.dayOfWeek % 7,
  };
}

/** Offset of `zone` at `instant`, in minutes east of UTC. */
export function offsetMinutesAt(instant: Date, zone: string): number {
  const zoned = Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(zone);
  return zoned.offsetNanoseconds / 60e9;
}

export const pad2 = (n: number): string => String(n).padStart(2, '0');

import type { RecurrenceInput } from '../../../../contracts/meetings.ts';
import i18n from '../../i18n/index.ts';
import { dayName, zoneCity } from '../finder/labels.ts';

import { WEEKDAYS, WEEK_ORDER, type Weekday } from '../../../../contracts/weekdays.ts';

export { WEEK_ORDER };

export const weekdayName = (code: string, width: 'long' | 'short' = 'long') =>
  dayName(WEEKDAYS.indexOf(code as Weekday), width);

function listOf(items: string[]): string {
  try {
    return new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(items);
  } catch {
    return items.join(', ');
  }
}

const sortDays = (days: readonly string[]) =>
  [...days].sort((a, b) => WEEK_ORDER.indexOf(a as Weekday) - WEEK_ORDER.indexOf(b as Weekday));

/** "Every Tuesday and Thursday", "The last Friday of every month", "Once, on 3 May 2026". */
/** Accepts a recurrence as sent (interval may be left to its default of 1) or as stored. */
export function describeRecurrence(r: RecurrenceInput, startsOn: string): string {
  const t = i18n.t.bind(i18n);
  switch (r.kind) {
    case 'once':
      return t('meetings.repeat.once', { date: formatLocalDate(startsOn) });
    case 'weekly': {
      if (r.days.length === 7 && (r.interval ?? 1) === 1) return t('meetings.repeat.daily');
      const days = listOf(sortDays(r.days).map((d) => weekdayName(d)));
      return (r.interval ?? 1) > 1
        ? t('meetings.repeat.everyNWeeks', { count: r.interval, days })
        : t('meetings.repeat.weekly', { days });
    }
    case 'monthly':
      return t('meetings.repeat.monthly', {
        nth: t(`meetings.nth.${r.week}`),
        day: weekdayName(r.day),
      });
    case 'course':
      return t('meetings.repeat.course', {
        count: r.sessions,
        days: listOf(sortDays(r.days).map((d) => weekdayName(d))),
      });
  }
}

/** "19:30 London time, for 1 hour 30 minutes". */
export function describeTime(startTime: string, durationMinutes: number, timezone: string): string {
  return i18n.t('meetings.atTime', {
    time: startTime,
    zone: zoneCity(timezone),
    duration: formatDuration(durationMinutes),
  });
}

export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const parts: string[] = [];
  if (h) parts.push(i18n.t('meetings.hours', { count: h }));
  if (m) parts.push(i18n.t('meetings.minutes', { count: m }));
  return parts.join(' ');
}

/** A local calendar date `YYYY-MM-DD` in words, without shifting it through a zone. */
export function formatLocalDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  try {
    return new Intl.DateTimeFormat(i18n.language, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(new Date(Date.UTC(y, m - 1, d)));
  } catch {
    return date;
  }
}

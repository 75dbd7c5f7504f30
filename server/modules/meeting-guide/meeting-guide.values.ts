/** Lenient readers for the values Meeting Guide producers actually send. */
import { pad2 } from '../meetings/time-zones.ts';

const DAY_NAMES: Record<string, number> = {};
const DAY_SPELLINGS = [
  ['sunday', 'sun', 'su'],
  ['monday', 'mon', 'mo'],
  ['tuesday', 'tue', 'tues', 'tu'],
  ['wednesday', 'wed', 'we'],
  ['thursday', 'thu', 'thur', 'thurs', 'th'],
  ['friday', 'fri', 'fr'],
  ['saturday', 'sat', 'sa'],
];
DAY_SPELLINGS.forEach((spellings, day) => {
  for (const s of spellings) DAY_NAMES[s] = day;
});

export const WEEKDAY_NAMES = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;

/**
 * Days 0–6 (0 = Sunday) from a number, a numeric string, an English day name or
 * abbreviation ('Monday', 'mon', 'Tue.'), or an array of those. Null when any is unreadable
 * or there are none.
 */
export function parseDays(value: unknown): number[] | null {
  const values = Array.isArray(value) ? value : [value];
  const days: number[] = [];
  for (const v of values) {
    const day = parseDay(v);
    if (day === null) return null;
    if (!days.includes(day)) days.push(day);
  }
  return days.length > 0 ? days : null;
}

function parseDay(value: unknown): number | null {
  if (typeof value === 'number')
    return Number.isInteger(value) && value >= 0 && value <= 6 ? value : null;
  if (typeof value !== 'string') return null;
  const text = value.trim().toLowerCase().replace(/\.$/, '');
  if (/^[0-6]$/.test(text)) return Number(text);
  return DAY_NAMES[text] ?? null;
}

/**
 * A time as 24-hour `HH:MM` from `19:00`, `7:00`, `19:00:00`, `7:00 PM`, `7pm`, `7:00 p.m.`,
 * `noon` or `midnight`. Seconds are dropped. Null for anything else, 24:00 and 25:00 included.
 */
export function parseTime(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim().toLowerCase().replace(/\./g, '').replace(/\s+/g, ' ');
  if (text === 'noon') return '12:00';
  if (text === 'midnight') return '00:00';
  const match = /^(\d{1,2})(?::(\d{2}))?(?::(\d{2}))? ?(am|pm|a|p)?$/.exec(text);
  if (!match) return null;
  const [, h, m, s, meridiem] = match;
  let hour = Number(h);
  const minute = Number(m ?? '0');
  if (m === undefined && !meridiem) return null; // a bare "7" is too ambiguous
  if (minute > 59 || Number(s ?? '0') > 59) return null;
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem.startsWith('p') ? 12 : 0);
  } else if (hour > 23) {
    return null;
  }
  return `${pad2(hour)}:${pad2(minute)}`;
}

/**
 * The `updated` instant from the spec's UTC `YYYY-MM-DD HH:MM:SS`, an ISO 8601 string, or
 * the US style `8/25/2022 11:17:07 AM` some custom feeds send. A time without a zone is read
 * as UTC, as the spec says. Whole seconds; null when unreadable or impossible.
 */
export function parseUpdated(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const iso =
    /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(
      text,
    );
  if (iso) {
    const [, y, mo, d, h, mi, s, zone] = iso;
    return utcDate(+y!, +mo!, +d!, +(h ?? 0), +(mi ?? 0), +(s ?? 0), zoneMinutes(zone));
  }
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))? ?([ap]m)?)?$/i.exec(
    text,
  );
  if (us) {
    const [, mo, d, y, h = '0', mi = '0', s = '0', meridiem] = us;
    let hour = Number(h);
    if (meridiem) {
      if (hour < 1 || hour > 12) return null;
      hour = (hour % 12) + (meridiem.toLowerCase() === 'pm' ? 12 : 0);
    }
    return utcDate(+y!, +mo!, +d!, hour, +mi, +s, 0);
  }
  return null;
}

function zoneMinutes(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return zone.startsWith('-') ? -minutes : minutes;
}

function utcDate(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  offsetMinutes: number,
): Date | null {
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000);
}

/** The spec's `updated` format: UTC `YYYY-MM-DD HH:MM:SS`. */
export function formatUpdated(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** Minutes between two `HH:MM` times, wrapping past midnight; null when they are equal. */
export function minutesBetween(start: string, end: string): number | null {
  const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const diff = (toMinutes(end) - toMinutes(start) + 1440) % 1440;
  return diff === 0 ? null : diff;
}

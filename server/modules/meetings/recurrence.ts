/**
 * Meeting series and their occurrences.
 *
 * A series is described in the meeting's own wall-clock time (`19:00` in `America/New_York`),
 * because that is what stays fixed when the clocks change. Occurrences are expanded with rrule
 * in FLOATING time — the local date-time is held in a Date's UTC fields and rrule never sees a
 * zone (its TZID support depends on the process zone) — and each local date-time is then turned
 * into the real instant with Temporal in the meeting's zone.
 *
 * DST gaps use Temporal's `disambiguation: 'compatible'`: a 02:30 meeting on the day the clocks
 * spring forward (02:00 → 03:00) happens at 03:30 local, the wall time an hour later, which is
 * what a person whose clock skipped ahead will see. In the repeated hour when clocks fall back,
 * 01:30 is the first (daylight-time) 01:30. Calendar clients apply the same RFC 5545 rule.
 */
import rrule from 'rrule';
import type { Options as RRuleOptions, Weekday as RRuleWeekday } from 'rrule';
import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import {
  DurationMinutes,
  LocalDate,
  LocalTime,
  Recurrence,
  WEEKDAYS,
  WEEK_ORDER,
  type Weekday,
} from '../../../contracts/meetings.ts';
import { isValidTimeZone, localToInstant, offsetMinutesAt, pad2 } from './time-zones.ts';

// The recurrence vocabulary is shared with the web client (contracts/meetings.ts).
export { LocalDate, LocalTime, Recurrence, WEEKDAYS, type Weekday };

export const TimeZoneName = z
  .string()
  .refine(isValidTimeZone, 'must be a known IANA time zone such as America/New_York');

export const MeetingSeries = z
  .object({
    timezone: TimeZoneName,
    startTime: LocalTime,
    durationMinutes: DurationMinutes,
    startsOn: LocalDate,
    endsOn: LocalDate.nullish(),
    recurrence: Recurrence,
  })
  .superRefine((series, ctx) => {
    if (series.endsOn && series.endsOn < series.startsOn) {
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'must not be before startsOn' });
    }
    if (series.endsOn && series.recurrence.kind === 'course') {
      ctx.addIssue({
        code: 'custom',
        path: ['endsOn'],
        message: 'a course ends after its sessions; change the number of sessions instead',
      });
    }
  });
export type MeetingSeries = z.output<typeof MeetingSeries>;
export type MeetingSeriesInput = z.input<typeof MeetingSeries>;

export const OccurrenceException = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('cancelled'), occurrenceId: LocalDate }),
    z.object({
      kind: z.literal('moved'),
      occurrenceId: LocalDate,
      date: LocalDate,
      startTime: LocalTime,
      durationMinutes: z
        .int()
        .min(1)
        .max(24 * 60)
        .optional(),
    }),
  ],
  { error: "must be 'cancelled' or 'moved'" },
);
export type OccurrenceException = z.output<typeof OccurrenceException>;

export interface Occurrence {
  /** The local start date of the scheduled occurrence, `YYYY-MM-DD`; stays the same if moved. */
  occurrenceId: string;
  start: Date;
  end: Date;
  cancelled?: true;
  moved?: true;
  /** For a moved occurrence: when it was scheduled before the move. */
  originalStart?: Date;
}

/** `{ field, message }` for every problem, with dotted field paths (`recurrence.week`). */
export function describeIssues(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

/**
 * The RRULE body for a series (no `RRULE:` prefix, no DTSTART), e.g. `FREQ=MONTHLY;BYDAY=-1TH`.
 * UNTIL is floating local time (end of `endsOn`) by default, matching a floating DTSTART; with
 * `untilUtc` it is the UTC instant RFC 5545 requires when DTSTART carries a TZID.
 */
export function toRRule(series: MeetingSeries, opts: { untilUtc?: boolean } = {}): string {
  const parts = ruleParts(series.recurrence);
  if (series.endsOn && series.recurrence.kind !== 'once' && series.recurrence.kind !== 'course') {
    parts.push(`UNTIL=${untilValue(series, opts.untilUtc ?? false)}`);
  }
  return parts.join(';');
}

/**
 * The recurrence (and `endsOn`) back from an RRULE body written by `toRRule` with a floating
 * UNTIL — what the `meetings.rrule` column holds. Null for any other rule.
 */
export function fromRRule(body: string): { recurrence: Recurrence; endsOn: string | null } | null {
  const parts = new Map<string, string>();
  for (const part of body.trim().toUpperCase().split(';')) {
    const [key, value, extra] = part.split('=');
    if (!key || value === undefined || extra !== undefined || parts.has(key)) return null;
    parts.set(key, value);
  }
  const until = parts.get('UNTIL');
  const endsOn = until ? floatingUntilDate(until) : null;
  if (until && !endsOn) return null;
  const candidate = recurrenceFromParts(parts);
  const parsed = candidate ? Recurrence.safeParse(candidate) : null;
  if (!parsed?.success) return null;
  const result = { recurrence: parsed.data, endsOn };
  // Only forms toRRule writes are accepted, so a stored rule cannot mean more than we expand.
  const again = toRRule({ ...PLACEHOLDER, recurrence: parsed.data, endsOn: endsOn ?? undefined });
  return again === body.trim().toUpperCase() ? result : null;
}

const PLACEHOLDER = {
  timezone: 'UTC',
  startTime: '00:00',
  durationMinutes: 60,
  startsOn: '0001-01-01',
} as const;

function recurrenceFromParts(parts: Map<string, string>): unknown {
  const freq = parts.get('FREQ');
  const days = parts.get('BYDAY')?.split(',') ?? [];
  if (freq === 'DAILY' && parts.get('COUNT') === '1') return { kind: 'once' };
  if (freq === 'WEEKLY' && parts.has('COUNT')) {
    return { kind: 'course', days, sessions: Number(parts.get('COUNT')) };
  }
  if (freq === 'WEEKLY')
    return { kind: 'weekly', days, interval: Number(parts.get('INTERVAL') ?? 1) };
  const nth = /^(-1|[1-4])([A-Z]{2})$/.exec(days[0] ?? '');
  if (freq === 'MONTHLY' && days.length === 1 && nth) {
    return { kind: 'monthly', week: nth[1] === '-1' ? 'last' : Number(nth[1]), day: nth[2] };
  }
  return null;
}

function floatingUntilDate(until: string): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})T235959$/.exec(until);
  if (!match) return null;
  const date = `${match[1]}-${match[2]}-${match[3]}`;
  return LocalDate.safeParse(date).success ? date : null;
}

function ruleParts(recurrence: Recurrence): string[] {
  switch (recurrence.kind) {
    case 'once':
      return ['FREQ=DAILY', 'COUNT=1'];
    case 'weekly':
      return recurrence.interval > 1
        ? ['FREQ=WEEKLY', `INTERVAL=${recurrence.interval}`, byDay(recurrence.days), 'WKST=MO']
        : ['FREQ=WEEKLY', byDay(recurrence.days)];
    case 'monthly':
      return [
        'FREQ=MONTHLY',
        `BYDAY=${recurrence.week === 'last' ? -1 : recurrence.week}${recurrence.day}`,
      ];
    case 'course':
      return ['FREQ=WEEKLY', byDay(recurrence.days), `COUNT=${recurrence.sessions}`];
  }
}

const byDay = (days: readonly Weekday[]) =>
  `BYDAY=${WEEK_ORDER.filter((d) => days.includes(d)).join(',')}`;

function untilValue(series: MeetingSeries, utc: boolean): string {
  const compact = (series.endsOn ?? '').replaceAll('-', '');
  if (!utc) return `${compact}T235959`;
  const instant = localToInstant(series.endsOn ?? '', '23:59:59', series.timezone);
  return instant
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** rrule options in floating time: dtstart is startsOn + startTime held in UTC fields. */
function floatingRule(series: MeetingSeries): InstanceType<typeof rrule.RRule> {
  const r = series.recurrence;
  const options: Partial<RRuleOptions> = { dtstart: floating(series.startsOn, series.startTime) };
  switch (r.kind) {
    case 'once':
      Object.assign(options, { freq: rrule.RRule.DAILY, count: 1 });
      break;
    case 'weekly':
      Object.assign(options, {
        freq: rrule.RRule.WEEKLY,
        interval: r.interval,
        byweekday: r.days.map(toRRuleDay),
        wkst: rrule.RRule.MO,
      });
      break;
    case 'monthly':
      Object.assign(options, {
        freq: rrule.RRule.MONTHLY,
        byweekday: [toRRuleDay(r.day).nth(r.week === 'last' ? -1 : r.week)],
      });
      break;
    case 'course':
      Object.assign(options, {
        freq: rrule.RRule.WEEKLY,
        byweekday: r.days.map(toRRuleDay),
        count: r.sessions,
        wkst: rrule.RRule.MO,
      });
      break;
  }
  if (series.endsOn && r.kind !== 'once' && r.kind !== 'course') {
    options.until = floating(series.endsOn, '23:59:59');
  }
  return new rrule.RRule(options);
}

function toRRuleDay(day: Weekday): RRuleWeekday {
  return rrule.RRule[day];
}

/** A local date-time as a floating Date (wall-clock fields stored as UTC). */
function floating(date: string, time: string): Date {
  const d = Temporal.PlainDateTime.from(`${date}T${time}`);
  return new Date(Date.UTC(d.year, d.month - 1, d.day, d.hour, d.minute, d.second));
}

function floatingDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * Occurrences overlapping [from, to): start < to and end > from, sorted by start.
 * Cancelled occurrences are included with `cancelled: true`; moved ones appear at their new
 * time with `moved: true`. Exceptions naming a date that is not an occurrence are ignored
 * (validate them with `isOccurrence` when they are created).
 */
export function occurrencesBetween(
  series: MeetingSeries,
  from: Date,
  to: Date,
  exceptions: readonly OccurrenceException[] = [],
): Occurrence[] {
  const byId = new Map(exceptions.map((e) => [e.occurrenceId, e]));
  const overlaps = (o: Occurrence) => o.start < to && o.end > from;
  const result: Occurrence[] = [];

  // Local wall time differs from UTC by at most ~14 h and a meeting lasts at most a day,
  // so a two-day margin on the floating window catches every candidate.
  const rule = floatingRule(series);
  for (const f of rule.between(
    new Date(from.getTime() - 2 * DAY),
    new Date(to.getTime() + 2 * DAY),
    true,
  )) {
    const occurrenceId = floatingDate(f);
    const exception = byId.get(occurrenceId);
    if (exception?.kind === 'moved') continue;
    const occurrence = scheduled(series, occurrenceId);
    if (exception?.kind === 'cancelled') occurrence.cancelled = true;
    if (overlaps(occurrence)) result.push(occurrence);
  }

  // A move can cross the window's edge either way, so moves are checked one by one.
  for (const exception of byId.values()) {
    if (exception.kind !== 'moved' || !isOccurrence(series, exception.occurrenceId)) continue;
    const start = localToInstant(exception.date, exception.startTime, series.timezone);
    const minutes = exception.durationMinutes ?? series.durationMinutes;
    const occurrence: Occurrence = {
      occurrenceId: exception.occurrenceId,
      start,
      end: new Date(start.getTime() + minutes * MINUTE),
      moved: true,
      originalStart: scheduled(series, exception.occurrenceId).start,
    };
    if (overlaps(occurrence)) result.push(occurrence);
  }

  return result.sort(
    (a, b) => a.start.getTime() - b.start.getTime() || a.occurrenceId.localeCompare(b.occurrenceId),
  );
}

/**
 * The next `count` occurrences still to finish after `after` (in progress or upcoming),
 * cancelled ones included and flagged; fewer when the series ends. Looks up to ~11 years ahead.
 */
export function nextOccurrences(
  series: MeetingSeries,
  after: Date,
  count: number,
  exceptions: readonly OccurrenceException[] = [],
): Occurrence[] {
  for (let days = 64; ; days *= 4) {
    const found = occurrencesBetween(
      series,
      after,
      new Date(after.getTime() + days * DAY),
      exceptions,
    );
    if (found.length >= count || days >= 4096) return found.slice(0, count);
  }
}

/** The occurrence scheduled on a local date, before exceptions. */
function scheduled(series: MeetingSeries, occurrenceId: string): Occurrence {
  const start = localToInstant(occurrenceId, series.startTime, series.timezone);
  return {
    occurrenceId,
    start,
    end: new Date(start.getTime() + series.durationMinutes * MINUTE),
  };
}

/** True when the series has an occurrence on this local date (before exceptions). */
export function isOccurrence(series: MeetingSeries, occurrenceId: string): boolean {
  if (!LocalDate.safeParse(occurrenceId).success) return false;
  const at = floating(occurrenceId, series.startTime);
  return floatingRule(series).between(at, at, true).length > 0;
}

/** The first scheduled occurrence's local date, or null when the series has none. */
export function firstOccurrenceId(series: MeetingSeries): string | null {
  const first = floatingRule(series).after(floating(series.startsOn, '00:00'), true);
  return first ? floatingDate(first) : null;
}

export type TimeOfDay = 'morning' | 'midday' | 'evening' | 'night';

/**
 * The finder's time-of-day band for a local start time:
 * morning 04:00–11:59, midday 12:00–16:59, evening 17:00–20:59, night 21:00–03:59.
 */
export function timeOfDay(localTime: string): TimeOfDay {
  const hour = Number(LocalTime.parse(localTime).slice(0, 2));
  if (hour >= 4 && hour < 12) return 'morning';
  if (hour >= 12 && hour < 17) return 'midday';
  if (hour >= 17 && hour < 21) return 'evening';
  return 'night';
}

const viewerFormats = new Map<string, Intl.DateTimeFormat>();

/** Building an Intl.DateTimeFormat costs far more than using one: one per locale and zone. */
function viewerFormat(locale: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}`;
  let format = viewerFormats.get(key);
  if (!format) {
    if (viewerFormats.size > 500) viewerFormats.clear();
    format = new Intl.DateTimeFormat(locale, {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    viewerFormats.set(key, format);
  }
  return format;
}

/**
 * An instant as the viewer reads it, plus the meeting's own local time when it differs
 * (`meeting` is null when both zones have the same offset at that instant).
 */
export function formatForViewer(
  instant: Date,
  meetingZone: string,
  viewerZone: string,
  locale: string,
): { viewer: string; meeting: string | null } {
  const format = (timeZone: string) => viewerFormat(locale, timeZone).format(instant);
  const same = offsetMinutesAt(instant, meetingZone) === offsetMinutesAt(instant, viewerZone);
  return { viewer: format(viewerZone), meeting: same ? null : format(meetingZone) };
}

/** `HH:MM` plus minutes, wrapping past midnight. */
export function addMinutesToTime(time: string, minutes: number): string {
  const total =
    (((Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)) + minutes) % 1440) + 1440) % 1440;
  return `${pad2(Math.floor(total / 60))}:${pad2(total % 60)}`;
}

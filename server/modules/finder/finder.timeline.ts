/**
 * Every meeting's occurrences over a rolling window, sorted by start: the finder answers
 * "in progress now", "starting within the hour" and "next occurrence" from it without
 * expanding rules per request.
 *
 * Weekly, monthly and one-off series without exceptions near the window (nearly all) are
 * expanded here with a cache of local-time → instant conversions; courses and series with
 * exceptions go through `occurrencesBetween`, which honours them. A test checks both paths
 * agree, across clock changes.
 */
import {
  nextOccurrences,
  occurrencesBetween,
  WEEKDAYS,
  type MeetingSeries,
  type Occurrence,
} from '../meetings/recurrence.ts';
import { instantToLocal, localToInstant } from '../meetings/time-zones.ts';
import type { FinderRecord } from './finder.records.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** The window reaches this far back (a meeting lasts at most a day) … */
const BEFORE = DAY;
/** … and this far ahead of the moment it was built for. */
const AHEAD = 15 * DAY;
/** Queries are answered from a timeline for up to a week after it was built. */
export const TIMELINE_VALID_FOR = 7 * DAY;
/** Slow-path series are expanded this far past the window, so the next one is always known. */
const SLOW_EXTRA = 35 * DAY;

export interface Timeline {
  /** The instant it was built for; valid for `[builtFor, builtFor + TIMELINE_VALID_FOR]`. */
  builtFor: number;
  /** Occurrence starts and ends (epoch ms) and their record, sorted by start. */
  start: Float64Array;
  end: Float64Array;
  record: Int32Array;
  /** Per record: its occurrences are `byRecord[recordStart[r] .. recordStart[r + 1])`. */
  recordStart: Int32Array;
  /** Occurrence numbers grouped by record, each group sorted by start. */
  byRecord: Int32Array;
  /** Per record: the end of its last known occurrence (0 when none). */
  lastEnd: Float64Array;
}

export interface TimelineStats {
  fast: number;
  slow: number;
}

/** Whether a timeline can answer for `now`. */
export function isTimelineValid(timeline: Timeline, now: number): boolean {
  return now >= timeline.builtFor && now <= timeline.builtFor + TIMELINE_VALID_FOR;
}

/**
 * Builds the timeline for `records` as of `now` (empty slots have none); yields to the event
 * loop between chunks. Occurrences starting together are in record order.
 */
export async function buildTimeline(
  records: readonly (FinderRecord | undefined)[],
  now: Date,
  stats: TimelineStats = { fast: 0, slow: 0 },
  yieldEvery = 2000,
): Promise<Timeline> {
  const builtFor = Math.floor(now.getTime() / MINUTE) * MINUTE;
  const from = builtFor - BEFORE;
  const to = builtFor + AHEAD;
  const starts: number[] = [];
  const ends: number[] = [];
  const owners: number[] = [];
  const perRecord: number[][] = records.map(() => []);

  for (let r = 0; r < records.length; r++) {
    if (r > 0 && r % yieldEvery === 0) await new Promise((resolve) => setImmediate(resolve));
    const record = records[r];
    if (!record?.series) continue;
    const found = expandRecord(record, from, to, stats);
    for (const o of found) {
      perRecord[r]!.push(starts.length);
      starts.push(o.start);
      ends.push(o.end);
      owners.push(r);
    }
  }

  const order = Int32Array.from(starts.keys()).sort(
    (a, b) => starts[a]! - starts[b]! || owners[a]! - owners[b]!,
  );
  const rank = new Int32Array(order.length);
  order.forEach((occ, i) => (rank[occ] = i));
  const start = new Float64Array(order.length);
  const end = new Float64Array(order.length);
  const record = new Int32Array(order.length);
  order.forEach((occ, i) => {
    start[i] = starts[occ]!;
    end[i] = ends[occ]!;
    record[i] = owners[occ]!;
  });
  const recordStart = new Int32Array(records.length + 1);
  const byRecord = new Int32Array(order.length);
  const lastEnd = new Float64Array(records.length);
  let k = 0;
  for (let r = 0; r < records.length; r++) {
    recordStart[r] = k;
    const list = perRecord[r]!.map((occ) => rank[occ]!).sort((a, b) => a - b);
    for (const i of list) {
      byRecord[k++] = i;
      if (end[i]! > lastEnd[r]!) lastEnd[r] = end[i]!;
    }
  }
  recordStart[records.length] = k;
  return { builtFor, start, end, record, recordStart, byRecord, lastEnd };
}

/**
 * The timeline with the occurrences of the `changed` records replaced by their current ones
 * (none for an empty slot), for the same window: the rest are kept as they are, and the new
 * ones merged in by start, ties ordered by `compare` (the order the records were built in).
 * `size` is the number of record slots (it may have grown). Linear in the occurrences.
 */
export function updateTimeline(
  timeline: Timeline,
  records: readonly (FinderRecord | undefined)[],
  changed: readonly number[],
  size: number,
  compare: (a: number, b: number) => number,
): Timeline {
  const isChanged = new Uint8Array(size);
  for (const r of changed) isChanged[r] = 1;
  const from = timeline.builtFor - BEFORE;
  const to = timeline.builtFor + AHEAD;
  const added: { start: number; end: number; record: number }[] = [];
  for (const r of changed) {
    const record = records[r];
    if (!record?.series) continue;
    for (const span of expandRecord(record, from, to)) added.push({ ...span, record: r });
  }
  added.sort((a, b) => a.start - b.start || compare(a.record, b.record));

  const old = timeline;
  let kept = 0;
  for (let i = 0; i < old.record.length; i++) if (!isChanged[old.record[i]!]) kept++;
  const total = kept + added.length;
  const start = new Float64Array(total);
  const end = new Float64Array(total);
  const record = new Int32Array(total);
  let i = 0;
  let k = 0;
  for (let n = 0; n < total; n++) {
    while (i < old.record.length && isChanged[old.record[i]!]) i++;
    const next = added[k];
    const takeOld =
      i < old.record.length &&
      (next === undefined ||
        old.start[i]! < next.start ||
        (old.start[i] === next.start && compare(old.record[i]!, next.record) < 0));
    if (takeOld) {
      start[n] = old.start[i]!;
      end[n] = old.end[i]!;
      record[n] = old.record[i]!;
      i++;
    } else {
      start[n] = next!.start;
      end[n] = next!.end;
      record[n] = next!.record;
      k++;
    }
  }
  const { recordStart, byRecord, lastEnd } = groupByRecord(end, record, size);
  return { builtFor: timeline.builtFor, start, end, record, recordStart, byRecord, lastEnd };
}

/** Occurrence numbers grouped by record (each group in start order), and each record's last end. */
function groupByRecord(end: Float64Array, record: Int32Array, size: number) {
  const recordStart = new Int32Array(size + 1);
  for (let i = 0; i < record.length; i++) recordStart[record[i]! + 1]!++;
  for (let r = 0; r < size; r++) recordStart[r + 1]! += recordStart[r]!;
  const fill = recordStart.slice(0, size);
  const byRecord = new Int32Array(record.length);
  const lastEnd = new Float64Array(size);
  for (let i = 0; i < record.length; i++) {
    const r = record[i]!;
    byRecord[fill[r]!++] = i;
    if (end[i]! > lastEnd[r]!) lastEnd[r] = end[i]!;
  }
  return { recordStart, byRecord, lastEnd };
}

/** The record's occurrence in progress at `now`, else its next one; null when none. */
export function nextOccurrenceOf(
  timeline: Timeline,
  recordIndex: number,
  now: number,
): { start: number; end: number } | null {
  for (
    let k = timeline.recordStart[recordIndex]!;
    k < timeline.recordStart[recordIndex + 1]!;
    k++
  ) {
    const i = timeline.byRecord[k]!;
    if (timeline.end[i]! > now) return { start: timeline.start[i]!, end: timeline.end[i]! };
  }
  return null;
}

/** First occurrence number whose start is at or after `t`. */
export function lowerBound(timeline: Timeline, t: number): number {
  let lo = 0;
  let hi = timeline.start.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timeline.start[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface Span {
  start: number;
  end: number;
}

/**
 * Non-cancelled occurrences overlapping [from, to), plus at least the first one after `to`
 * when the series goes on.
 */
export function expandRecord(
  record: FinderRecord,
  from: number,
  to: number,
  stats: TimelineStats = { fast: 0, slow: 0 },
): Span[] {
  const series = record.series!;
  const r = series.recurrence;
  if (r.kind !== 'course' && !exceptionsNear(record, from, to)) {
    stats.fast++;
    if (r.kind === 'weekly') return expandWeekly(series, r.days, r.interval, from, to);
    if (r.kind === 'monthly') return expandMonthly(series, r.week, r.day, from, to);
    return expandOnce(series, from);
  }
  stats.slow++;
  const list = occurrencesBetween(
    series,
    new Date(from),
    new Date(to + SLOW_EXTRA),
    record.exceptions,
  );
  const spans = list.filter(isHeld).map(toSpan);
  if (!spans.some((s) => s.start >= to) && !hasEnded(series, to + SLOW_EXTRA)) {
    const later = nextOccurrences(series, new Date(to + SLOW_EXTRA), 4, record.exceptions).find(
      isHeld,
    );
    if (later) spans.push(toSpan(later));
  }
  return spans;
}

const isHeld = (o: Occurrence) => !o.cancelled;
const toSpan = (o: Occurrence): Span => ({ start: o.start.getTime(), end: o.end.getTime() });

function hasEnded(series: MeetingSeries, at: number): boolean {
  const date = new Date(at).toISOString().slice(0, 10);
  if (series.recurrence.kind === 'once') return series.startsOn < date;
  return series.endsOn != null && series.endsOn < date;
}

/** True when an exception could touch an occurrence in (or just around) the window. */
function exceptionsNear(record: FinderRecord, from: number, to: number): boolean {
  if (record.exceptions.length === 0) return false;
  const lo = epochDayString(Math.floor(from / DAY) - 3);
  const hi = epochDayString(Math.floor(to / DAY) + 7 * 53);
  return record.exceptions.some(
    (e) =>
      (e.occurrenceId >= lo && e.occurrenceId <= hi) ||
      (e.kind === 'moved' && e.date >= lo && e.date <= hi),
  );
}

/**
 * Weekly (every `interval` weeks, weeks starting Monday as RRULE's WKST=MO) in floating local
 * dates, each turned into an instant in the meeting's zone — the same rule `occurrencesBetween`
 * applies, without building an rrule per meeting.
 */
function expandWeekly(
  series: MeetingSeries,
  days: readonly string[],
  interval: number,
  from: number,
  to: number,
): Span[] {
  const zone = series.timezone;
  const duration = series.durationMinutes * MINUTE;
  const wanted = new Array<boolean>(7).fill(false);
  for (const d of days) wanted[WEEKDAYS.indexOf(d as (typeof WEEKDAYS)[number])] = true;
  const first = epochDayOf(series.startsOn);
  const last = series.endsOn ? epochDayOf(series.endsOn) : Infinity;
  const firstWeekMonday = first - ((weekdayOfEpochDay(first) + 6) % 7);
  // Local dates that can overlap the window: a day either side covers any zone offset.
  const lo = Math.max(localEpochDay(from, zone) - 1, first);
  const windowHi = localEpochDay(to, zone) + 1;
  // Far enough past the window (or a later start) to find the first occurrence after it.
  const hardHi = Math.min(Math.max(windowHi, lo) + 7 * interval + 7, last);
  const spans: Span[] = [];
  let after = false;
  for (let day = lo; day <= hardHi; day++) {
    if (after && day > windowHi) break;
    if (!wanted[weekdayOfEpochDay(day)]) continue;
    if (interval > 1 && Math.floor((day - firstWeekMonday) / 7) % interval !== 0) continue;
    const start = instantOf(epochDayString(day), series.startTime, zone);
    const end = start + duration;
    if (end <= from) continue;
    spans.push({ start, end });
    if (start >= to) after = true;
    if (after) break;
  }
  return spans;
}

/** The nth (or last) `day` of each month, as `occurrencesBetween` expands BYDAY=nXX. */
function expandMonthly(
  series: MeetingSeries,
  week: 1 | 2 | 3 | 4 | 'last',
  day: string,
  from: number,
  to: number,
): Span[] {
  const zone = series.timezone;
  const duration = series.durationMinutes * MINUTE;
  const target = WEEKDAYS.indexOf(day as (typeof WEEKDAYS)[number]);
  const first = epochDayOf(series.startsOn);
  const last = series.endsOn ? epochDayOf(series.endsOn) : Infinity;
  const lo = localEpochDay(from, zone) - 1;
  const spans: Span[] = [];
  let month = new Date(Math.max(lo, first) * DAY);
  for (let guard = 0; guard < 24; guard++) {
    const y = month.getUTCFullYear();
    const m = month.getUTCMonth();
    const monthStart = Date.UTC(y, m, 1) / DAY;
    const monthEnd = Date.UTC(y, m + 1, 0) / DAY;
    const date =
      week === 'last'
        ? monthEnd - ((weekdayOfEpochDay(monthEnd) - target + 7) % 7)
        : monthStart + ((target - weekdayOfEpochDay(monthStart) + 7) % 7) + 7 * (week - 1);
    if (date > last) break;
    if (date >= first && date >= lo) {
      const start = instantOf(epochDayString(date), series.startTime, zone);
      if (start + duration > from) {
        spans.push({ start, end: start + duration });
        if (start >= to) break;
      }
    }
    month = new Date(Date.UTC(y, m + 1, 1));
  }
  return spans;
}

function expandOnce(series: MeetingSeries, from: number): Span[] {
  const start = instantOf(series.startsOn, series.startTime, series.timezone);
  const end = start + series.durationMinutes * MINUTE;
  return end > from ? [{ start, end }] : [];
}

const instantCache = new Map<string, number>();

/** `localToInstant`, remembered: meetings share zones, dates and start times. */
function instantOf(date: string, time: string, zone: string): number {
  const key = `${zone}|${date}|${time}`;
  let value = instantCache.get(key);
  if (value === undefined) {
    if (instantCache.size > 200_000) instantCache.clear();
    value = localToInstant(date, time, zone).getTime();
    instantCache.set(key, value);
  }
  return value;
}

const localDayCache = new Map<string, number>();

/** The local calendar day (days since 1970-01-01) of an instant in `zone`. */
function localEpochDay(instant: number, zone: string): number {
  const key = `${zone}|${instant}`;
  let value = localDayCache.get(key);
  if (value === undefined) {
    if (localDayCache.size > 10_000) localDayCache.clear();
    value = epochDayOf(instantToLocal(new Date(instant), zone).date);
    localDayCache.set(key, value);
  }
  return value;
}

function epochDayOf(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY);
}

const dayStrings = new Map<number, string>();
function epochDayString(day: number): string {
  let s = dayStrings.get(day);
  if (s === undefined) {
    if (dayStrings.size > 50_000) dayStrings.clear();
    s = new Date(day * DAY).toISOString().slice(0, 10);
    dayStrings.set(day, s);
  }
  return s;
}

/** 0 = Sunday; 1970-01-01 was a Thursday. */
function weekdayOfEpochDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

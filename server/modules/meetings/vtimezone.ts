/**
 * RFC 5545 VTIMEZONE components built from the runtime's time zone data through Temporal,
 * so a calendar file carries the DST rules of each meeting's zone and needs no tz database.
 *
 * Transitions from `fromYear` to 28 years past `toYear` are read one by one and folded into
 * yearly rules (`FREQ=YEARLY;BYMONTH=3;BYDAY=2SU`) when consecutive years follow the same
 * pattern. A rule still in force at the end is left open-ended, so clients keep applying it;
 * anything else gets an UNTIL or stays a single dated component.
 */
import { WEEK_ORDER } from '../../../contracts/weekdays.ts';
import { Temporal } from 'temporal-polyfill';
import { pad2 } from './time-zones.ts';

export interface YearRange {
  fromYear: number;
  toYear: number;
}

interface Transition {
  instant: Temporal.Instant;
  /** Wall-clock time just before the change, in the old offset (what DTSTART holds). */
  local: Temporal.PlainDateTime;
  offsetFrom: number;
  offsetTo: number;
  kind: 'DAYLIGHT' | 'STANDARD';
  name: string;
  /** Every yearly rule this change satisfies, as `month|HHMMSS|weekday|firstDay or last`. */
  rules: string[];
}

interface Run {
  members: Transition[];
  rules: string[];
}

const NS_PER_SECOND = 1_000_000_000;
const LOOKAHEAD_YEARS = 28;

/** A VTIMEZONE block (BEGIN:VTIMEZONE … END:VTIMEZONE) for `zone`, CRLF line endings. */
export function vtimezone(zone: string, range: YearRange): string {
  const start = Temporal.PlainDate.from({ year: range.fromYear, month: 1, day: 1 }).toZonedDateTime(
    { timeZone: zone },
  );
  // Reading a full 28-year calendar cycle past the range settles which rule a run follows
  // (`Sun>=2` and `first Sunday` agree until the 1st falls on a Sunday).
  const readUntil = range.toYear + LOOKAHEAD_YEARS;
  const transitions = readTransitions(zone, start, readUntil);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  // The offset in force on 1 January of the first year, for times before the first change.
  lines.push(
    ...component({
      kind: kindAt(start, transitions[0]),
      local: start.toPlainDateTime(),
      offsetFrom: start.offsetNanoseconds,
      offsetTo: start.offsetNanoseconds,
      name: zoneName(zone, start.toInstant()),
    }),
  );
  for (const run of foldIntoRuns(transitions)) lines.push(...runComponent(run, readUntil));
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}

const cache = new Map<string, string>();

/** A generator for ical-generator's `timezone: { name, generator }` option (memoised). */
export function vtimezoneGenerator(range: YearRange): (zone: string) => string {
  return (zone) => {
    const key = `${zone}|${range.fromYear}|${range.toYear}`;
    let text = cache.get(key);
    if (text === undefined) {
      text = vtimezone(zone, range);
      if (cache.size > 500) cache.clear();
      cache.set(key, text);
    }
    return text;
  };
}

function readTransitions(
  zone: string,
  start: Temporal.ZonedDateTime,
  toYear: number,
): Transition[] {
  const result: Transition[] = [];
  let cursor: Temporal.ZonedDateTime | null = start;
  for (;;) {
    cursor = cursor.getTimeZoneTransition('next');
    if (!cursor || cursor.year > toYear) break;
    const offsetTo = cursor.offsetNanoseconds;
    const offsetFrom = cursor.subtract({ nanoseconds: 1 }).offsetNanoseconds;
    const local = Temporal.Instant.fromEpochNanoseconds(
      cursor.epochNanoseconds + BigInt(offsetFrom),
    )
      .toZonedDateTimeISO('UTC')
      .toPlainDateTime();
    const kind = offsetTo > offsetFrom ? 'DAYLIGHT' : 'STANDARD';
    result.push({
      instant: cursor.toInstant(),
      local,
      offsetFrom,
      offsetTo,
      kind,
      name: zoneName(zone, cursor.toInstant()),
      rules: yearlyRules(local),
    });
  }
  return result;
}

/**
 * Every yearly rule a change's date satisfies: "weekday on or after day D" for each D that
 * fits (tzdata's `Sun>=8`; nth weekdays are D = 1, 8, 15, 22), and "last weekday" when it is.
 */
function yearlyRules(local: Temporal.PlainDateTime): string[] {
  const day = WEEK_ORDER[local.dayOfWeek - 1];
  const at = `${local.month}|${pad2(local.hour)}${pad2(local.minute)}${pad2(local.second)}|${day}`;
  const rules: string[] = [];
  for (let from = Math.max(1, local.day - 6); from <= local.day; from++)
    rules.push(`${at}|${from}`);
  if (local.day + 7 > local.daysInMonth) rules.push(`${at}|last`);
  return rules.sort((a, b) => rulePreference(a) - rulePreference(b));
}

/** Conventional forms first: nth weekday, then last weekday, then day ranges. */
function rulePreference(rule: string): number {
  const from = rule.split('|')[3];
  if (from === 'last') return 1;
  return (Number(from) - 1) % 7 === 0 && Number(from) <= 22 ? 0 : 2;
}

/** `BYMONTH=3;BYDAY=2SU`, `BYMONTH=10;BYDAY=-1SU` or `BYMONTH=4;BYMONTHDAY=2,…,8;BYDAY=SU`. */
function rruleParts(rule: string): string {
  const [month, , day, from] = rule.split('|');
  if (from === 'last') return `BYMONTH=${month};BYDAY=-1${day}`;
  const start = Number(from);
  if (rulePreference(rule) === 0) return `BYMONTH=${month};BYDAY=${(start - 1) / 7 + 1}${day}`;
  const days = Array.from({ length: 7 }, (_, i) => start + i).filter((d) => d <= 31);
  return `BYMONTH=${month};BYMONTHDAY=${days.join(',')};BYDAY=${day}`;
}

/** Groups changes of consecutive years that follow one common rule. */
function foldIntoRuns(transitions: Transition[]): Run[] {
  const runs: Run[] = [];
  for (const t of transitions) {
    const run = runs.find((r) => {
      const last = r.members[r.members.length - 1];
      return (
        last?.local.year === t.local.year - 1 &&
        last.kind === t.kind &&
        last.offsetFrom === t.offsetFrom &&
        last.offsetTo === t.offsetTo &&
        r.rules.some((x) => t.rules.includes(x))
      );
    });
    if (run) {
      run.members.push(t);
      run.rules = run.rules.filter((x) => t.rules.includes(x));
    } else {
      runs.push({ members: [t], rules: t.rules });
    }
  }
  return runs;
}

function runComponent(run: Run, toYear: number): string[] {
  const first = run.members[0] as Transition;
  const last = run.members[run.members.length - 1] as Transition;
  const lines = component(first);
  const rule = run.rules[0];
  const isOpenEnded = last.local.year >= toYear;
  if (rule && (run.members.length > 1 || isOpenEnded)) {
    const until = isOpenEnded ? '' : `;UNTIL=${utcStamp(last.instant)}`;
    lines.splice(-1, 0, `RRULE:FREQ=YEARLY;${rruleParts(rule)}${until}`);
  }
  return lines;
}

function component(c: {
  kind: 'DAYLIGHT' | 'STANDARD';
  local: Temporal.PlainDateTime;
  offsetFrom: number;
  offsetTo: number;
  name: string;
}): string[] {
  return [
    `BEGIN:${c.kind}`,
    `DTSTART:${compact(c.local)}`,
    `TZOFFSETFROM:${formatOffset(c.offsetFrom)}`,
    `TZOFFSETTO:${formatOffset(c.offsetTo)}`,
    `TZNAME:${c.name}`,
    `END:${c.kind}`,
  ];
}

/** Daylight if the offset on 1 January is the higher of the year's offsets. */
function kindAt(start: Temporal.ZonedDateTime, next?: Transition): 'DAYLIGHT' | 'STANDARD' {
  return next && next.offsetTo < start.offsetNanoseconds ? 'DAYLIGHT' : 'STANDARD';
}

function compact(d: Temporal.PlainDateTime): string {
  return `${String(d.year).padStart(4, '0')}${pad2(d.month)}${pad2(d.day)}T${pad2(d.hour)}${pad2(d.minute)}${pad2(d.second)}`;
}

function utcStamp(instant: Temporal.Instant): string {
  return `${compact(instant.toZonedDateTimeISO('UTC').toPlainDateTime())}Z`;
}

function formatOffset(ns: number): string {
  const total = Math.round(ns / NS_PER_SECOND);
  const sign = total < 0 ? '-' : '+';
  const abs = Math.abs(total);
  const seconds = abs % 60;
  const hhmm = `${pad2(Math.floor(abs / 3600))}${pad2(Math.floor((abs % 3600) / 60))}`;
  return `${sign}${hhmm}${seconds ? pad2(seconds) : ''}`;
}

/** A short zone name (EST, BST, GMT+9) for TZNAME; clients show it, none rely on it. */
function zoneName(zone: string, instant: Temporal.Instant): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    timeZoneName: 'short',
  }).formatToParts(new Date(instant.epochMilliseconds));
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? zone;
}

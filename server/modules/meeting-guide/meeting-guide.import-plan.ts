/**
 * Planning a Meeting Guide import, without the database: each row's meeting values, the
 * group it joins, its slug and first date (see meeting-guide.import.ts for the rules).
 */
import { Temporal } from 'temporal-polyfill';
import type { ImportSkip } from '../../../contracts/meeting-guide.ts';
import type { ErrorDetail } from '../../lib/errors.ts';
import {
  checkSeries,
  type MeetingFields,
  type SeriesValues,
} from '../meetings/meetings.series.service.ts';
import { WEEKDAYS } from '../meetings/recurrence.ts';
import { slugify } from '../../lib/slugs.ts';
import type { AttendanceOption, NormalizedMeeting } from './meeting-guide.parse.ts';
import type { ImportedMeetingRow } from '../meetings/meetings.directory.service.ts';

/**
 * The longest values kept, as the meeting editor allows them (contracts/meetings.ts; the phone
 * is longer here): a row with a longer value is skipped, never cut short silently.
 */
const LIMITS = {
  name: 200,
  locationName: 200,
  address: 500,
  locationNotes: 1000,
  notes: 4000,
  conferenceUrl: 500,
  conferenceUrlNotes: 1000,
  // Zoom dial strings with an encoded passcode run to 64 characters in real feeds.
  conferencePhone: 200,
  conferencePhoneNotes: 1000,
  url: 2000,
  group: 200,
  groupNotes: 4000,
} as const;
const MAX_TYPES = 40;
const MAX_TYPE_LENGTH = 40;
const MAX_REGIONS = 5;
const MAX_REGION_LENGTH = 100;

/** A row's details in the editor's shape; its first date is chosen when it is written. */
export type PlannedFields = Omit<MeetingFields, 'startsOn'>;

export interface GroupPlan {
  key: string;
  name: string;
  description: string;
  format: 'in_person' | 'online' | 'hybrid';
}

export interface PlannedRow {
  row: NormalizedMeeting;
  fields: PlannedFields;
  url: string | null;
  group: GroupPlan;
}

/**
 * Pure: each usable row's meeting values and group, or a `too_long` skip. Groups get their
 * format from all their rows' attendance.
 */
export function planImport(rows: readonly NormalizedMeeting[]): {
  planned: PlannedRow[];
  skipped: ImportSkip[];
} {
  const planned: PlannedRow[] = [];
  const skipped: ImportSkip[] = [];
  const groupsByKey = new Map<string, GroupPlan & { attendance: Set<AttendanceOption> }>();
  for (const row of rows) {
    const problem = tooLong(row);
    if (problem) {
      skipped.push({
        slug: row.key,
        reason: 'too_long',
        message: `"${row.key}": ${problem}.`,
        row: row.index + 1,
      });
      continue;
    }
    const { key, name } = groupOf(row);
    let group = groupsByKey.get(key);
    if (!group) {
      group = {
        key,
        name,
        description: row.groupNotes ?? '',
        format: 'in_person',
        attendance: new Set(),
      };
      groupsByKey.set(key, group);
    }
    if (!group.description && row.groupNotes) group.description = row.groupNotes;
    group.attendance.add(row.attendanceOption);
    planned.push({ row, fields: meetingFields(row), url: row.url, group });
  }
  for (const group of groupsByKey.values()) group.format = groupFormat(group.attendance);
  return { planned, skipped };
}

function groupOf(row: NormalizedMeeting): { key: string; name: string } {
  const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  const isDistrict = (s: string) => row.district != null && fold(s) === fold(row.district);
  if (row.group && !isDistrict(row.group)) {
    return { key: `group:${fold(row.group)}`, name: row.group };
  }
  if (row.location && row.formattedAddress && !row.approximate && !isDistrict(row.location)) {
    return {
      key: `place:${fold(row.location)}|${fold(row.formattedAddress)}`,
      name: row.location,
    };
  }
  return { key: `name:${fold(row.name)}`, name: row.name };
}

function groupFormat(attendance: Set<AttendanceOption>): GroupPlan['format'] {
  const online = attendance.has('online');
  const inPerson = attendance.has('in_person') || attendance.has('inactive');
  if (attendance.has('hybrid') || (online && inPerson)) return 'hybrid';
  return online ? 'online' : 'in_person';
}

function tooLong(row: NormalizedMeeting): string | null {
  const values: Record<keyof typeof LIMITS, string | null> = {
    name: row.name,
    locationName: row.location,
    address: row.formattedAddress,
    locationNotes: row.locationNotes,
    notes: row.notes,
    conferenceUrl: row.conferenceUrl,
    conferenceUrlNotes: row.conferenceUrlNotes,
    conferencePhone: row.conferencePhone,
    conferencePhoneNotes: row.conferencePhoneNotes,
    url: row.url,
    group: row.group,
    groupNotes: row.groupNotes,
  };
  for (const [field, limit] of Object.entries(LIMITS) as [keyof typeof LIMITS, number][]) {
    const value = values[field];
    if (value && value.length > limit) {
      return `${field} has ${value.length} characters; at most ${limit} are kept`;
    }
  }
  if (row.types.length > MAX_TYPES)
    return `it lists ${row.types.length} types; at most ${MAX_TYPES}`;
  const longType = row.types.find((t) => t.length > MAX_TYPE_LENGTH);
  if (longType) return `the type "${longType.slice(0, 20)}…" is longer than ${MAX_TYPE_LENGTH}`;
  if (row.regions.length > MAX_REGIONS) {
    return `it lists ${row.regions.length} regions; at most ${MAX_REGIONS}`;
  }
  if (row.regions.some((r) => r.length > MAX_REGION_LENGTH)) {
    return `a region is longer than ${MAX_REGION_LENGTH} characters`;
  }
  return null;
}

function meetingFields(row: NormalizedMeeting): PlannedFields {
  return {
    name: row.name,
    timezone: row.timezone,
    startTime: row.time,
    durationMinutes: row.durationMinutes,
    endsOn: null,
    recurrence: { kind: 'weekly', days: [WEEKDAYS[row.day]!], interval: 1 },
    locationName: row.location,
    address: row.formattedAddress,
    latitude: row.latitude,
    longitude: row.longitude,
    approximate: row.approximate,
    conferenceUrl: row.conferenceUrl,
    conferenceUrlNotes: row.conferenceUrlNotes,
    conferencePhone: row.conferencePhone,
    conferencePhoneNotes: row.conferencePhoneNotes,
    types: row.types,
    notes: row.notes ?? '',
    locationNotes: row.locationNotes,
    regions: row.regions,
  };
}

/** What writing a planned row means: nothing (unchanged), a skip, or these details. */
export type RowDecision =
  | { kind: 'unchanged' }
  | { kind: 'invalid'; skip: ImportSkip }
  | { kind: 'write'; fields: MeetingFields };

/**
 * Checks a row with the meeting editor's own rules (the same validation, the same derived
 * attendance) and compares it with what an earlier import stored. A new row, or one whose
 * day or zone changed, starts on the most recent such weekday; otherwise its first date stays.
 */
export function decideRow(
  plan: PlannedRow,
  existing: ImportedMeetingRow | undefined,
  now: Date,
): RowDecision {
  const fresh = recentWeekday(now, plan.row.timezone, plan.row.day);
  let fields: MeetingFields = { ...plan.fields, startsOn: existing?.startsOn ?? fresh };
  let checked = checkSeries(fields, 'row');
  if (
    existing &&
    checked.ok &&
    (checked.values.rrule !== existing.rrule || checked.values.timezone !== existing.timezone)
  ) {
    fields = { ...fields, startsOn: fresh };
    checked = checkSeries(fields, 'row');
  }
  if (!checked.ok) return { kind: 'invalid', skip: invalidSkip(plan.row, checked.details) };
  if (existing && isUnchanged(existing, { ...checked.values, url: plan.url })) {
    return { kind: 'unchanged' };
  }
  return { kind: 'write', fields };
}

function invalidSkip(row: NormalizedMeeting, details: readonly ErrorDetail[]): ImportSkip {
  const problems = details.map((d) => `${d.field.replace(/^row\./, '')}: ${d.message}`);
  return {
    slug: row.key,
    reason: 'invalid_meeting',
    message: `"${row.key}" is not a meeting the editor would accept: ${problems.join('; ')}.`,
    row: row.index + 1,
  };
}

const COMPARED = [
  'name',
  'timezone',
  'startTime',
  'durationMinutes',
  'rrule',
  'locationName',
  'address',
  'latitude',
  'longitude',
  'approximate',
  'conferenceUrl',
  'conferenceUrlNotes',
  'conferencePhone',
  'conferencePhoneNotes',
  'types',
  'notes',
  'locationNotes',
  'regions',
  'attendance',
  'url',
] as const satisfies readonly (keyof SeriesValues | 'url')[];

function isUnchanged(
  existing: ImportedMeetingRow,
  values: SeriesValues & { url: string | null },
): boolean {
  return COMPARED.every((field) => {
    const a = existing[field];
    const b = values[field];
    if (Array.isArray(a) && Array.isArray(b)) {
      return a.length === b.length && a.every((x, i) => x === b[i]);
    }
    return a === b;
  });
}

/**
 * The most recent date on or before `now` (in `zone`) that falls on `day` (0 = Sunday): the
 * first occurrence of a weekly series starting there is that day itself.
 */
export function recentWeekday(now: Date, zone: string, day: number): string {
  const today = Temporal.Instant.fromEpochMilliseconds(now.getTime())
    .toZonedDateTimeISO(zone)
    .toPlainDate();
  return today.subtract({ days: (today.dayOfWeek - day + 7) % 7 }).toString();
}

/** A new meeting's slug: from its key, with its name in front when the key is only a number. */
export function meetingSlugBase(row: NormalizedMeeting): string {
  return /^\d+$/.test(row.key)
    ? slugify(`${row.name} ${row.key}`, 'meeting')
    : slugify(row.key, 'meeting');
}

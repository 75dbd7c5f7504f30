/**
 * The finder's per-meeting record: everything a query filters on, precomputed once per index
 * build from a meeting row and its group. Pure.
 */
import { projectMeeting, publicMeetingVisibility } from '../../policies/index.ts';
import { seriesWithRule, toOccurrenceExceptions } from '../meetings/meetings.rules.ts';
import {
  fromRRule,
  timeOfDay,
  WEEKDAYS,
  type MeetingSeries,
  type OccurrenceException,
  type TimeOfDay,
} from '../meetings/recurrence.ts';
import type {
  DirectoryExceptionRow,
  DirectoryMeetingRow,
} from '../meetings/meetings.directory.service.ts';

export interface FinderRecord {
  /** Position in the index (bit number in every set). */
  index: number;
  id: string;
  slug: string;
  name: string;
  /** Its group, to update the group's meetings when the group changes. */
  groupId: string;
  groupSlug: string;
  groupName: string;
  /** The group description as plain text, for the text search. */
  groupText: string;
  isOpen: boolean;
  attendance: DirectoryMeetingRow['attendance'];
  types: string[];
  focusAreas: string[];
  stage: string;
  audience: string;
  languages: string[];
  timezone: string;
  /** Null when the stored rule is not one the recurrence library reads: never listed. */
  series: MeetingSeries | null;
  exceptions: OccurrenceException[];
  /** Weekdays (0 = Sunday) the meeting happens on, in its own zone. */
  localWeekdays: number[];
  /** Local start, minutes after midnight. */
  startMinutes: number;
  band: TimeOfDay;
  latitude: number | null;
  longitude: number | null;
  approximate: boolean;
  locationName: string | null;
  address: string | null;
  city: string | null;
  region: string | null;
  regions: string[];
}

/**
 * A stored row as a record; `index` is its bit number. The finder is public, so the record
 * holds only what a visitor may see (the policy's projection): a closed group's meeting
 * keeps no venue, address, coordinates or regions, only the area its facilitators chose to
 * show, so nothing hidden can be matched, echoed or measured.
 */
export function toFinderRecord(
  stored: DirectoryMeetingRow,
  index: number,
  exceptionRows: readonly DirectoryExceptionRow[] = [],
): FinderRecord {
  const visibility = publicMeetingVisibility(stored.isOpen);
  const row = projectMeeting(stored, visibility);
  const area = visibility.place ? cityOf(row.address) : stored.publicArea?.trim() || null;
  const rule = readRule(row.rrule);
  const series: MeetingSeries | null = rule ? seriesWithRule(row, rule) : null;
  const startMinutes = Number(row.startTime.slice(0, 2)) * 60 + Number(row.startTime.slice(3, 5));
  return {
    index,
    id: row.id,
    slug: row.slug,
    name: row.name,
    groupId: stored.groupId,
    groupSlug: row.groupSlug,
    groupName: row.groupName,
    groupText: markdownToText(row.groupDescription),
    isOpen: row.isOpen,
    attendance: row.attendance,
    types: row.types,
    focusAreas: row.focusAreas,
    stage: row.stage,
    audience: row.audience,
    languages: row.languages.map((l) => l.toLowerCase()),
    timezone: row.timezone,
    series,
    exceptions: toOccurrenceExceptions(exceptionRows),
    localWeekdays: series ? weekdaysOf(series) : [],
    startMinutes,
    band: bandOf(row.startTime),
    latitude: isCoordinate(row.latitude, 90) ? row.latitude : null,
    longitude: isCoordinate(row.longitude, 180) ? row.longitude : null,
    // Only an area is known of a hidden place.
    approximate: visibility.place ? row.approximate : true,
    locationName: row.locationName,
    address: row.address,
    city: area,
    region: row.regions.at(-1) ?? null,
    regions: row.regions,
  };
}

const rules = new Map<string, ReturnType<typeof fromRRule>>();

/** `fromRRule`, remembered: a directory has a few hundred distinct rules at most. */
function readRule(rrule: string): ReturnType<typeof fromRRule> {
  let rule = rules.get(rrule);
  if (rule === undefined) {
    if (rules.size > 10_000) rules.clear();
    rule = fromRRule(rrule);
    rules.set(rrule, rule);
  }
  return rule;
}

const bands = new Map<string, TimeOfDay>();
function bandOf(time: string): TimeOfDay {
  let band = bands.get(time);
  if (!band) bands.set(time, (band = timeOfDay(time)));
  return band;
}

function isCoordinate(value: number | null, limit: number): value is number {
  return value !== null && Number.isFinite(value) && Math.abs(value) <= limit;
}

function weekdaysOf(series: MeetingSeries): number[] {
  const r = series.recurrence;
  switch (r.kind) {
    case 'weekly':
    case 'course':
      return r.days.map((d) => WEEKDAYS.indexOf(d)).sort();
    case 'monthly':
      return [WEEKDAYS.indexOf(r.day)];
    case 'once':
      return [new Date(`${series.startsOn}T00:00:00Z`).getUTCDay()];
  }
}

/**
 * The town of a formatted address ("18 Olive Ave, Rehoboth Beach, DE 19971, USA" →
 * "Rehoboth Beach"): the first part without digits, leaving out the country at the end.
 */
export function cityOf(address: string | null): string | null {
  if (!address) return null;
  const parts = address
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const candidates = (parts.length >= 3 ? parts.slice(0, -1) : parts).filter((p) => !/\d/.test(p));
  return candidates[0] ?? null;
}

/** Every place name an address and regions offer (towns, areas, states spelt out). */
export function placeNamesOf(record: FinderRecord): string[] {
  const names = new Set<string>(record.regions);
  if (record.city) names.add(record.city);
  if (record.address) {
    const parts = record.address.split(',').map((p) => p.trim());
    for (const p of parts.slice(1)) if (p && !/\d/.test(p)) names.add(p);
  }
  return [...names];
}

/** Markdown as searchable plain text (marks, links and HTML removed). */
export function markdownToText(markdown: string): string {
  return markdown
    .replace(/<[^>]*>/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*_~#>|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Slugs in code-unit order: the order records are numbered in, and ties are broken by. */
export function compareSlugs(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Case and accent folding for names people type ("Montréal" = "montreal"). */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

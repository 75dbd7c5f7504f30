/**
 * Reading Meeting Guide feeds (the JSON array the 12 Step Meeting List plugin and other
 * directories publish) into normalized meetings, leniently: the common non-conforming forms
 * are accepted, and every row that cannot be used is reported with a reason, never dropped
 * silently. Pure: no I/O, no clock.
 */
import { isValidTimeZone } from '../meetings/time-zones.ts';
import { addMinutesToTime } from '../meetings/recurrence.ts';
import { ONLINE, TEMPORARILY_CLOSED, normalizeTypes } from './meeting-guide.types.ts';
import {
  WEEKDAY_NAMES,
  minutesBetween,
  parseDays,
  parseTime,
  parseUpdated,
} from './meeting-guide.values.ts';

export const ATTENDANCE_OPTIONS = ['in_person', 'hybrid', 'online', 'inactive'] as const;
export type AttendanceOption = (typeof ATTENDANCE_OPTIONS)[number];

/** One meeting on one weekday, in the shape both parsing and export use. */
export interface FeedMeeting {
  slug: string;
  name: string;
  /** 0–6, 0 = Sunday, in the meeting's zone. */
  day: number;
  /** Local start, `HH:MM`. */
  time: string;
  /** From `end_time`; 60 when the feed gives none (the spec's default). */
  durationMinutes: number;
  timezone: string;
  types: string[];
  formattedAddress: string | null;
  /** The address is only an area (typical of online meetings). */
  approximate: boolean;
  latitude: number | null;
  longitude: number | null;
  location: string | null;
  locationNotes: string | null;
  notes: string | null;
  group: string | null;
  groupNotes: string | null;
  /**
   * The service district the plugin publishes (`district`). Some directories fill `group`
   * with the district too; importers use this to tell a real group from a district.
   */
  district?: string | null;
  /** General to specific. */
  regions: string[];
  conferenceUrl: string | null;
  conferenceUrlNotes: string | null;
  conferencePhone: string | null;
  conferencePhoneNotes: string | null;
  attendanceOption: AttendanceOption;
  url: string | null;
  updatedAt: Date | null;
}

export interface NormalizedMeeting extends FeedMeeting {
  /**
   * Unique within the feed: the source slug, or `<slug>-<weekday>` for each day of a row that
   * listed several days (`slug` keeps the source slug).
   */
  key: string;
  /** Position of the source row in the feed. */
  index: number;
}

export const SKIP_REASONS = {
  not_an_object: 'the row is not a JSON object',
  missing_slug: 'the row has no slug',
  duplicate_slug: 'an earlier row has the same slug',
  missing_name: 'the row has no name',
  invalid_day: 'the day is missing or not 0–6 or a day name',
  invalid_time: 'the time is missing or not a valid time of day',
  missing_timezone: 'the row has no timezone and the import gave none',
  invalid_timezone: 'the timezone is not a known IANA zone',
} as const;
export type SkipReason = keyof typeof SKIP_REASONS;

export interface SkippedRow {
  slug: string | null;
  index: number;
  reason: SkipReason;
  /** A sentence for people, naming the bad value. */
  message: string;
}

export interface ParsedFeed {
  rows: NormalizedMeeting[];
  skipped: SkippedRow[];
  /** Set when the whole text is unusable; rows and skipped are then empty. */
  fatal?: string;
}

export interface ParseOptions {
  /** Zone for rows without `timezone` (the publishing site's zone). */
  timezone?: string;
}

type Row = Record<string, unknown>;

/** Parses a feed's text. Never throws; see `fatal` and `skipped`. */
export function parseFeed(text: string, opts: ParseOptions = {}): ParsedFeed {
  if (opts.timezone !== undefined && !isValidTimeZone(opts.timezone)) {
    return fatal(`The import timezone "${opts.timezone}" is not a known IANA time zone.`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return fatal(`The feed is not valid JSON (${(error as Error).message}).`);
  }
  if (!Array.isArray(data)) {
    return fatal(`The feed must be a JSON array of meetings, but it is ${describeJson(data)}.`);
  }

  const rows: NormalizedMeeting[] = [];
  const skipped: SkippedRow[] = [];
  const seen = new Set<string>();
  data.forEach((row: unknown, index) => {
    const result = normalizeRow(row, index, seen, opts);
    if ('reason' in result) skipped.push(result);
    else rows.push(...result.rows);
  });
  return { rows, skipped };
}

function normalizeRow(
  row: unknown,
  index: number,
  seen: Set<string>,
  opts: ParseOptions,
): SkippedRow | { rows: NormalizedMeeting[] } {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    return skip(null, index, 'not_an_object', `Row ${index + 1} is ${describeJson(row)}.`);
  }
  const r = row as Row;
  const slug = readSlug(r.slug);
  if (slug === null) return skip(null, index, 'missing_slug', `Row ${index + 1} has no slug.`);
  if (seen.has(slug)) {
    return skip(slug, index, 'duplicate_slug', `The slug "${slug}" appears more than once.`);
  }
  seen.add(slug);

  const name = text(r.name);
  if (name === null) return skip(slug, index, 'missing_name', `"${slug}" has no name.`);
  const days = parseDays(r.day);
  if (days === null) {
    return skip(slug, index, 'invalid_day', `"${slug}" has day ${show(r.day)}.`);
  }
  const time = parseTime(r.time);
  if (time === null) {
    return skip(slug, index, 'invalid_time', `"${slug}" has time ${show(r.time)}.`);
  }
  const zone = text(r.timezone) ?? opts.timezone ?? null;
  if (zone === null) {
    return skip(
      slug,
      index,
      'missing_timezone',
      `"${slug}" has no timezone; pass one for the import.`,
    );
  }
  if (!isValidTimeZone(zone)) {
    return skip(slug, index, 'invalid_timezone', `"${slug}" has timezone ${show(zone)}.`);
  }

  const endTime = parseTime(r.end_time);
  const types = normalizeTypes(r.types);
  const approximate = readApproximate(r.approximate);
  const conferenceUrl = httpUrl(r.conference_url);
  const conferencePhone = text(r.conference_phone);
  const base: Omit<NormalizedMeeting, 'key' | 'day'> = {
    slug,
    index,
    name,
    time,
    durationMinutes: (endTime === null ? null : minutesBetween(time, endTime)) ?? 60,
    timezone: zone,
    types,
    formattedAddress: readAddress(r),
    approximate,
    latitude: coordinate(r.latitude, 90),
    longitude: coordinate(r.longitude, 180),
    location: text(r.location),
    locationNotes: text(r.location_notes),
    notes: text(r.notes),
    group: text(r.group),
    groupNotes: text(r.group_notes),
    district: text(r.district),
    regions: readRegions(r),
    conferenceUrl,
    conferenceUrlNotes: text(r.conference_url_notes),
    conferencePhone,
    conferencePhoneNotes: text(r.conference_phone_notes),
    attendanceOption:
      readAttendance(r.attendance_option) ??
      deriveAttendance({ types, approximate, conferenceUrl, conferencePhone }),
    url: httpUrl(r.url),
    updatedAt: parseUpdated(r.updated),
  };
  const keys = days.map((day) => (days.length > 1 ? `${slug}-${WEEKDAY_NAMES[day]}` : slug));
  const clash = days.length > 1 ? keys.find((k) => seen.has(k)) : undefined;
  if (clash) {
    return skip(
      slug,
      index,
      'duplicate_slug',
      `"${slug}" lists several days, and "${clash}" is taken.`,
    );
  }
  keys.forEach((k) => seen.add(k));
  return { rows: days.map((day, i) => ({ ...base, day, key: keys[i] ?? slug })) };
}

/**
 * The plugin's rule, with the finders' view of "online": the ONL type, a conference URL of
 * a known provider, or a phone number of at least 10 digits.
 * TC + online → online; TC alone → inactive; online → hybrid (online if the address is only
 * approximate); otherwise in person (inactive if the address is only approximate).
 */
export function deriveAttendance(m: {
  types: readonly string[];
  approximate: boolean;
  conferenceUrl: string | null;
  conferencePhone: string | null;
}): AttendanceOption {
  const isOnline =
    m.types.includes(ONLINE) ||
    isKnownConferenceUrl(m.conferenceUrl) ||
    (m.conferencePhone?.replace(/\D/g, '').length ?? 0) >= 10;
  const isClosed = m.types.includes(TEMPORARILY_CLOSED);
  if (isClosed) return isOnline ? 'online' : 'inactive';
  if (isOnline) return m.approximate ? 'online' : 'hybrid';
  return m.approximate ? 'inactive' : 'in_person';
}

/** Meeting providers finders recognise (the plugin's list, plus Teams and Whereby). */
export const CONFERENCE_PROVIDERS: Record<string, string> = {
  'bluejeans.com': 'Bluejeans',
  'discord.gg': 'Discord',
  'discord.com': 'Discord',
  'freeconference.com': 'Free Conference',
  'freeconferencecall.com': 'FreeConferenceCall',
  'goto.com': 'GoTo',
  'gotomeet.me': 'GoTo',
  'gotomeeting.com': 'GoTo',
  'meet.google.com': 'Google Meet',
  'meet.jit.si': 'Jitsi',
  'meetings.dialpad.com': 'Dialpad',
  'skype.com': 'Skype',
  'teams.live.com': 'Microsoft Teams',
  'teams.microsoft.com': 'Microsoft Teams',
  'webex.com': 'WebEx',
  'whereby.com': 'Whereby',
  'zoho.com': 'Zoho',
  'zoom.us': 'Zoom',
};

/** The provider's name when the URL's host is (a subdomain of) a known provider. */
export function conferenceProvider(url: string | null): string | null {
  if (!url) return null;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
  for (const [domain, name] of Object.entries(CONFERENCE_PROVIDERS)) {
    if (host === domain || host.endsWith(`.${domain}`)) return name;
  }
  return null;
}

function isKnownConferenceUrl(url: string | null): boolean {
  return conferenceProvider(url) !== null;
}

function readSlug(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return text(value);
}

/** Trimmed text, or null when empty or not text (numbers become text). */
function text(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function readAddress(r: Row): string | null {
  const formatted = text(r.formatted_address);
  if (formatted) return formatted;
  const stateZip = [text(r.state), text(r.postal_code)].filter(Boolean).join(' ');
  const parts = [text(r.address), text(r.city), stateZip || null, text(r.country)];
  const joined = parts.filter((p): p is string => p !== null).join(', ');
  return joined === '' ? null : joined;
}

function readRegions(r: Row): string[] {
  if (Array.isArray(r.regions)) {
    return r.regions.map(text).filter((x): x is string => x !== null);
  }
  return [text(r.region), text(r.sub_region)].filter((x): x is string => x !== null);
}

function readApproximate(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  return typeof value === 'string' && value.trim().toLowerCase() === 'yes';
}

function readAttendance(value: unknown): AttendanceOption | null {
  const option = text(value)?.toLowerCase();
  return ATTENDANCE_OPTIONS.find((o) => o === option) ?? null;
}

function coordinate(value: unknown, limit: number): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && Math.abs(n) <= limit ? n : null;
}

function httpUrl(value: unknown): string | null {
  const url = text(value);
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

function skip(slug: string | null, index: number, reason: SkipReason, message: string): SkippedRow {
  return { slug, index, reason, message };
}

function fatal(message: string): ParsedFeed {
  return { rows: [], skipped: [], fatal: message };
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function show(value: unknown): string {
  if (value === undefined) return '(none)';
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 40 ? `${json.slice(0, 37)}...` : json;
}

/** The local end time of a feed meeting, `HH:MM`. */
export function endTimeOf(m: Pick<FeedMeeting, 'time' | 'durationMinutes'>): string {
  return addMinutesToTime(m.time, m.durationMinutes);
}

/** The feed's text checked as a whole: usable, or the field to blame and why. */
export type PreparedFeed =
  { ok: true; feed: ParsedFeed } | { ok: false; field: 'timezone' | 'feed'; message: string };

export function prepareFeed(text: string, timezone: string | undefined): PreparedFeed {
  if (timezone !== undefined && !isValidTimeZone(timezone)) {
    return {
      ok: false,
      field: 'timezone',
      message: `"${timezone}" is not a known IANA time zone (for example America/New_York).`,
    };
  }
  const feed = parseFeed(text, { timezone });
  if (feed.fatal) return { ok: false, field: 'feed', message: feed.fatal };
  return { ok: true, feed };
}

/**
 * Writing meetings as Meeting Guide feed entries that follow the spec: one entry per meeting
 * day with an integer `day`, `HH:MM` times, `timezone` always, an address on every entry
 * (online-only meetings give their area with `approximate: "yes"`), types, attendance,
 * conference fields, UTC `updated` and URL-safe slugs of at most 64 characters.
 */
import { Temporal } from 'temporal-polyfill';
import { type MeetingSeries, WEEKDAYS } from '../meetings/recurrence.ts';
import { type AttendanceOption, type FeedMeeting, endTimeOf } from './meeting-guide.parse.ts';
import { ONLINE, TEMPORARILY_CLOSED } from './meeting-guide.types.ts';
import { WEEKDAY_NAMES, formatUpdated } from './meeting-guide.values.ts';

/** A feed entry as the spec names its fields; absent values are left out. */
export interface FeedEntry {
  name: string;
  slug: string;
  day: number;
  time: string;
  end_time: string;
  timezone: string;
  formatted_address: string;
  approximate: 'yes' | 'no';
  latitude?: number;
  longitude?: number;
  location?: string;
  location_notes?: string;
  notes?: string;
  group?: string;
  group_notes?: string;
  /** Not in the spec; the plugin publishes it and TSML UI reads it. */
  district?: string;
  region?: string;
  sub_region?: string;
  regions?: string[];
  types: string[];
  conference_url?: string;
  conference_url_notes?: string;
  conference_phone?: string;
  conference_phone_notes?: string;
  attendance_option: AttendanceOption;
  url?: string;
  updated?: string;
}

const MAX_NAME = 255;
const MAX_SLUG = 64;
const SAFE_SLUG = /^[A-Za-z0-9][A-Za-z0-9._~-]*$/;

/** One feed entry for one meeting day. `m.slug` is made URL-safe with `toFeedSlug`. */
export function toFeedEntry(m: FeedMeeting): FeedEntry {
  const address = m.formattedAddress ?? approximateArea(m);
  const entry: FeedEntry = {
    name: m.name.length > MAX_NAME ? `${m.name.slice(0, MAX_NAME - 1)}…` : m.name,
    slug: toFeedSlug(m.slug),
    day: m.day,
    time: m.time,
    end_time: endTimeOf(m),
    timezone: m.timezone,
    formatted_address: address,
    approximate: m.approximate || m.formattedAddress === null ? 'yes' : 'no',
    types: [...m.types],
    attendance_option: m.attendanceOption,
  };
  const optional: Partial<FeedEntry> = {
    latitude: m.latitude ?? undefined,
    longitude: m.longitude ?? undefined,
    location: m.location ?? undefined,
    location_notes: m.locationNotes ?? undefined,
    notes: m.notes ?? undefined,
    group: m.group ?? undefined,
    group_notes: m.groupNotes ?? undefined,
    district: m.district ?? undefined,
    region: m.regions[0],
    sub_region: m.regions[1],
    regions: m.regions.length > 0 ? [...m.regions] : undefined,
    conference_url: m.conferenceUrl ?? undefined,
    conference_url_notes: m.conferenceUrlNotes ?? undefined,
    conference_phone: m.conferencePhone ?? undefined,
    conference_phone_notes: m.conferencePhoneNotes ?? undefined,
    url: m.url ?? undefined,
    updated: m.updatedAt ? formatUpdated(m.updatedAt) : undefined,
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) Object.assign(entry, { [key]: value });
  }
  return entry;
}

/**
 * A slug the spec accepts: kept as is when already URL-safe and at most 64 characters;
 * otherwise lower-cased, reduced to letters, digits and hyphens, and given a short hash of
 * the original so two different slugs cannot end up the same.
 */
export function toFeedSlug(value: string): string {
  if (value.length <= MAX_SLUG && SAFE_SLUG.test(value)) return value;
  const hash = fnv1a(value);
  const base = value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const room = MAX_SLUG - hash.length - 1;
  const trimmed = base.slice(0, room).replace(/-+$/, '');
  return trimmed ? `${trimmed}-${hash}` : `meeting-${hash}`;
}

/** The slug for one day of a series: the series slug, plus the weekday when it has several. */
export function feedSlugForDay(seriesSlug: string, day: number, dayCount: number): string {
  return toFeedSlug(dayCount > 1 ? `${seriesSlug}-${WEEKDAY_NAMES[day]}` : seriesSlug);
}

/**
 * Feed days for a series and, when the feed's weekly model cannot say it, a note for the
 * entry's `notes` (monthly, every N weeks, a course, a one-off).
 */
export function scheduleForFeed(series: MeetingSeries): { days: number[]; note: string | null } {
  const r = series.recurrence;
  const dayNumber = (d: (typeof WEEKDAYS)[number]) => WEEKDAYS.indexOf(d);
  const until = series.endsOn ? ` until ${series.endsOn}` : '';
  switch (r.kind) {
    case 'weekly':
      return {
        days: r.days.map(dayNumber).sort((a, b) => a - b),
        note: r.interval > 1 ? `Every ${r.interval} weeks from ${series.startsOn}${until}.` : null,
      };
    case 'monthly': {
      const which = r.week === 'last' ? 'Last' : ['1st', '2nd', '3rd', '4th'][r.week - 1];
      const name = capitalize(WEEKDAY_NAMES[dayNumber(r.day)] ?? '');
      return { days: [dayNumber(r.day)], note: `${which} ${name} of the month${until}.` };
    }
    case 'course':
      return {
        days: r.days.map(dayNumber).sort((a, b) => a - b),
        note: `A course of ${r.sessions} sessions starting ${series.startsOn}.`,
      };
    case 'once':
      return {
        days: [Temporal.PlainDate.from(series.startsOn).dayOfWeek % 7],
        note: `Once only, on ${series.startsOn}.`,
      };
  }
}

/**
 * Types carrying the ONL/TC codes finders derive attendance from (see `deriveAttendance`),
 * so a consumer that ignores `attendance_option` still reaches the same answer.
 */
export function typesForAttendance(
  types: readonly string[],
  option: AttendanceOption,
  approximate: boolean,
): string[] {
  const result = types.filter((t) => t !== ONLINE && t !== TEMPORARILY_CLOSED);
  if (option === 'online' || option === 'hybrid') result.push(ONLINE);
  if (option === 'inactive' || (option === 'online' && !approximate)) {
    result.push(TEMPORARILY_CLOSED);
  }
  return result;
}

/** An area for a meeting with no address: its regions, else the city of its zone. */
function approximateArea(m: FeedMeeting): string {
  if (m.regions.length > 0) return [...m.regions].reverse().join(', ');
  const city = m.timezone.split('/').pop() ?? m.timezone;
  return city.replaceAll('_', ' ');
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** 32-bit FNV-1a as 8 hex digits: short, stable, no crypto needed. */
function fnv1a(value: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(value)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * The public Meeting Guide feed of this directory, and the admin upload of a feed to import.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip as gzipCallback } from 'node:zlib';
import type { ImportFeedBody, ImportResult } from '../../../contracts/meeting-guide.ts';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../lib/clock.ts';
import { invalidField } from '../../lib/errors.ts';
import {
  type Actor,
  type PolicyContext,
  authorize,
  projectMeeting,
  publicMeetingVisibility,
} from '../../policies/index.ts';
import { type MeetingSeries, fromRRule, nextOccurrences } from '../meetings/recurrence.ts';
import { seriesWithRule } from '../meetings/meetings.rules.ts';
import { instantToLocal } from '../meetings/time-zones.ts';
import {
  type FeedEntry,
  feedSlugForDay,
  scheduleForFeed,
  toFeedEntry,
  toFeedSlug,
  typesForAttendance,
} from './meeting-guide.export.ts';
import { type ImportProgress, importParsedFeed, prepareFeed } from './meeting-guide.import.ts';
import {
  listPublicMeetings,
  type PublicMeetingRow,
} from '../meetings/meetings.directory.service.ts';

export type FeedEncoding = 'br' | 'gzip';

export interface FeedDocument {
  body: string;
  /** A strong validator: the body's hash, quoted. */
  etag: string;
  count: number;
  /** The body compressed once per build, for clients that accept it. */
  encoded: Record<FeedEncoding, Buffer>;
}

const brotli = promisify(brotliCompress);
const gzip = promisify(gzipCallback);

/**
 * The body brotli- and gzip-compressed, in zlib's thread pool (off the main thread), once per
 * build and kept with it. Brotli quality 9: on an 800 KB feed ~0.15 s for 100 KB, where 11
 * takes ~3 s (requests after a change wait for the build) to save another 12 %.
 */
export async function compressFeed(body: string): Promise<Record<FeedEncoding, Buffer>> {
  const [br, gz] = await Promise.all([
    brotli(body, {
      params: {
        [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
        [zlib.BROTLI_PARAM_QUALITY]: 9,
        [zlib.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(body),
      },
    }),
    gzip(body, { level: 9 }),
  ]);
  return { br, gzip: gz };
}

/** The feed of every public meeting, serialized and compressed, with its ETag. */
export async function buildPublicFeed(
  db: Db,
  clock: Clock,
  publicUrl: string,
): Promise<FeedDocument> {
  const entries = toFeedEntries(await listPublicMeetings(db), clock.now(), publicUrl);
  const body = JSON.stringify(entries);
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 32);
  return { body, etag: `"${hash}"`, count: entries.length, encoded: await compressFeed(body) };
}

/**
 * Feed entries for the meetings a visitor may see whole: one per meeting day, in slug
 * order. A closed group's meetings stay out (the policy hides their place and ways to join,
 * and an entry without them would send people nowhere). Series that
 * have ended (or whose stored rule this code cannot read) are left out; a schedule the
 * weekly format cannot say (monthly, every N weeks, a course, once) is explained in `notes`.
 * Slugs are the meeting's slug (plus the weekday for a series with several days), made unique
 * with part of the meeting's id in the rare case two would clash: stable while the meetings are.
 */
export function toFeedEntries(
  rows: readonly PublicMeetingRow[],
  now: Date,
  publicUrl: string,
): FeedEntry[] {
  const entries: FeedEntry[] = [];
  const slugs = new Set<string>();
  for (const stored of rows) {
    const visibility = publicMeetingVisibility(stored.groupIsOpen);
    if (!visibility.place || !visibility.join) continue;
    const row = projectMeeting(stored, visibility);
    const rule = fromRRule(row.rrule);
    if (!rule) continue;
    const series = seriesWithRule(row, rule);
    if (hasEnded(series, now)) continue;
    const { days, note } = scheduleForFeed(series);
    const approximate = row.approximate || row.address === null;
    const notes = [row.notes.trim(), note].filter(Boolean).join('\n\n');
    const groupNotes = row.groupDescription.trim();
    for (const day of days) {
      let slug = feedSlugForDay(row.slug, day, days.length);
      if (slugs.has(slug)) slug = toFeedSlug(`${slug}-${row.id.slice(0, 8)}`);
      slugs.add(slug);
      entries.push(
        toFeedEntry({
          slug,
          name: row.name,
          day,
          time: row.startTime,
          durationMinutes: row.durationMinutes,
          timezone: row.timezone,
          types: typesForAttendance(row.types, row.attendance, approximate),
          formattedAddress: row.address,
          approximate,
          latitude: row.latitude,
          longitude: row.longitude,
          location: row.locationName,
          locationNotes: row.locationNotes,
          notes: notes || null,
          group: row.groupName,
          groupNotes: groupNotes || null,
          regions: row.regions,
          conferenceUrl: row.conferenceUrl,
          conferenceUrlNotes: row.conferenceUrlNotes,
          conferencePhone: row.conferencePhone,
          conferencePhoneNotes: row.conferencePhoneNotes,
          attendanceOption: row.attendance,
          url: `${publicUrl}/meetings/${encodeURIComponent(row.slug)}`,
          updatedAt: row.updatedAt,
        }),
      );
    }
  }
  return entries;
}

function hasEnded(series: MeetingSeries, now: Date): boolean {
  const kind = series.recurrence.kind;
  if (kind === 'once' || kind === 'course') return nextOccurrences(series, now, 1).length === 0;
  return series.endsOn != null && series.endsOn < instantToLocal(now, series.timezone).date;
}

export interface UploadDeps {
  db: Db;
  clock: Clock;
  policy: PolicyContext;
  onChanged: () => void;
}

/**
 * An admin's upload: checks the feed as a whole first (a bad zone or a text that is not a
 * JSON array is a 400 naming the field) and returns the import to run, which reports
 * progress as it goes.
 */
export function startUpload(
  deps: UploadDeps,
  actor: Actor,
  body: Omit<ImportFeedBody, 'dryRun'> & { dryRun: boolean },
): (onProgress: (p: ImportProgress) => void) => Promise<ImportResult> {
  authorize(actor, 'admin.access', undefined, deps.policy);
  const prepared = prepareFeed(body.feed, body.timezone);
  if (!prepared.ok) throw invalidField(`body.${prepared.field}`, prepared.message);
  return (onProgress) =>
    importParsedFeed(deps.db, deps.clock, prepared.feed, {
      timezone: body.timezone,
      source: body.source,
      dryRun: body.dryRun,
      actorId: actor.userId,
      via: 'upload',
      onProgress,
      onChanged: deps.onChanged,
    });
}

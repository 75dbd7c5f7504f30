/**
 * Meeting Guide interoperability: the public feed (`GET /api/meeting-guide.json`) and the
 * admin import (`POST /api/admin/meeting-guide/import`, answered as NDJSON lines).
 */
import { z } from 'zod';
import { ZoneName } from './meetings.ts';

export const attendanceOptions = ['in_person', 'hybrid', 'online', 'inactive'] as const;

/** One entry of the public feed: one meeting on one weekday, as the spec names its fields. */
export const MeetingGuideEntry = z.object({
  name: z.string(),
  slug: z.string(),
  /** 0–6, 0 = Sunday, in the meeting's own zone. */
  day: z.int().min(0).max(6),
  /** `HH:MM`, 24-hour, local to `timezone`. */
  time: z.string(),
  end_time: z.string(),
  timezone: z.string(),
  formatted_address: z.string(),
  /** `yes` when the address is only an area (online-only meetings). */
  approximate: z.enum(['yes', 'no']),
  latitude: z.number().optional(),
  longitude: z.number().optional(),
  location: z.string().optional(),
  location_notes: z.string().optional(),
  notes: z.string().optional(),
  group: z.string().optional(),
  group_notes: z.string().optional(),
  district: z.string().optional(),
  region: z.string().optional(),
  sub_region: z.string().optional(),
  regions: z.array(z.string()).optional(),
  types: z.array(z.string()),
  conference_url: z.string().optional(),
  conference_url_notes: z.string().optional(),
  conference_phone: z.string().optional(),
  conference_phone_notes: z.string().optional(),
  attendance_option: z.enum(attendanceOptions),
  /** The meeting's page on this site. */
  url: z.string().optional(),
  /** UTC `YYYY-MM-DD HH:MM:SS`. */
  updated: z.string().optional(),
});
export type MeetingGuideEntry = z.infer<typeof MeetingGuideEntry>;

export const MeetingGuideFeed = z.array(MeetingGuideEntry);

/** The largest feed the upload accepts (the request body limit is a little larger). */
export const MAX_FEED_CHARS = 10 * 1024 * 1024;

export const ImportFeedBody = z
  .object({
    /** The zone of rows that carry none (usually the publishing site's zone). */
    timezone: ZoneName,
    /**
     * Where the feed comes from (its URL or file name). Meetings and groups are matched by
     * source and slug, so importing the same source again updates instead of duplicating.
     */
    source: z.string().trim().min(1, 'name the source (its URL or file name)').max(300),
    /** Check the feed and count what would change, without saving anything. */
    dryRun: z.boolean().default(false),
    /** The feed's text: a JSON array of Meeting Guide meetings. */
    feed: z.string().min(1, 'the feed is empty').max(MAX_FEED_CHARS, 'the feed is too large'),
  })
  .strict();
export type ImportFeedBody = z.input<typeof ImportFeedBody>;

/**
 * Why a row was not imported: a parse reason (`missing_slug`, `duplicate_slug`,
 * `missing_name`, `invalid_day`, `invalid_time`, `missing_timezone`, `invalid_timezone`,
 * `not_an_object`), `too_long` (a value longer than the meeting editor allows),
 * `invalid_meeting` (the meeting editor's rules refuse it; the message names the field) or
 * `database_error` (the database refused the row; nothing of it was saved).
 */
export const ImportSkip = z.object({
  /** The row's slug (with `-<weekday>` for one day of a row listing several); null when it has none. */
  slug: z.string().nullable(),
  reason: z.string(),
  /** A sentence naming the bad value. */
  message: z.string(),
  /** 1-based position of the row in the feed. */
  row: z.int(),
});
export type ImportSkip = z.infer<typeof ImportSkip>;

export const ImportResult = z.object({
  /** Meetings created. */
  imported: z.int(),
  /** Meetings already imported from this source whose details changed. */
  updated: z.int(),
  /** Meetings already imported from this source, with nothing to change. */
  unchanged: z.int(),
  skipped: z.array(ImportSkip),
  /** Groups created for the new meetings. */
  groupsCreated: z.int(),
  /** True when nothing was saved (the counts say what would have happened). */
  dryRun: z.boolean(),
});
export type ImportResult = z.infer<typeof ImportResult>;

/** One line of the upload's NDJSON answer. */
export const ImportStreamLine = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), done: z.int(), total: z.int() }),
  z.object({ type: z.literal('result'), result: ImportResult }),
  /** The import stopped part way: batches before it are saved, nothing of the failed one. */
  z.object({
    type: z.literal('error'),
    error: z.object({ code: z.string(), message: z.string() }),
  }),
]);
export type ImportStreamLine = z.infer<typeof ImportStreamLine>;

/**
 * Importing a Meeting Guide feed into groups and meetings.
 *
 * Every row ends imported, updated, unchanged or skipped with a reason. Meetings are matched
 * by (source, row key), so importing the same feed again changes nothing and creates no
 * duplicates. Rows are written in batches, one transaction each; within a batch every row has
 * its own savepoint, so a row the database refuses is reported and leaves nothing behind.
 *
 * Groups: a new meeting joins the group the feed names (`group`), else the group of its place
 * (location + exact address; named after the location), else a group of its own name. A
 * `group` equal to the row's `district` is a district, not a group (Al-Anon Massachusetts
 * fills both with "District 25"), and is not used. Groups are created with the source and a
 * key, so the next import finds them; they are open, their format follows their meetings'
 * attendance. Once imported, a meeting stays in the group it is in (an admin may move it).
 *
 * Recurrence: each row meets weekly on its day, `FREQ=WEEKLY;BYDAY=XX`. `startsOn` is the
 * most recent such weekday on or before the import date in the meeting's zone: always a real
 * occurrence, recent enough that expanding the rule stays cheap. A re-import keeps it unless
 * the day or zone changed.
 */
import { Temporal } from 'temporal-polyfill';
import type { ImportResult, ImportSkip } from '../../../contracts/meeting-guide.ts';
import type { Db, DbOrTx } from '../../db/client.ts';
import type { Clock } from '../../lib/clock.ts';
import { invalidField } from '../../lib/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { type MeetingSeries, WEEKDAYS, toRRule } from '../meetings/recurrence.ts';
import { isValidTimeZone } from '../meetings/time-zones.ts';
import {
  type AttendanceOption,
  type NormalizedMeeting,
  type ParsedFeed,
  SKIP_REASONS,
  parseFeed,
} from './meeting-guide.parse.ts';
import * as repo from './meeting-guide.repository.ts';
import type { ImportedMeetingFields, ImportedMeetingRow } from './meeting-guide.repository.ts';

export type { ImportResult, ImportSkip } from '../../../contracts/meeting-guide.ts';

export interface ImportProgress {
  /** Rows handled so far (written, or found unchanged). */
  done: number;
  /** Rows to handle (the feed's usable rows, one per meeting day). */
  total: number;
}

export interface ImportOptions {
  /** The zone of rows without one. */
  timezone?: string;
  /** The feed's URL or file name; with the row keys it identifies imported meetings. */
  source: string;
  /** Count what would change, and save nothing. */
  dryRun?: boolean;
  onProgress?: (progress: ImportProgress) => void;
  /** Called once after committed changes (e.g. `app.directoryEvents.changed`). */
  onChanged?: () => void;
  /** Who imports, for the audit log (null: the command line). */
  actorId?: string | null;
  via?: 'cli' | 'upload';
  /** Rows per transaction. */
  batchSize?: number;
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

/** Parses and imports a feed; a feed that is not a JSON array is a 400 naming `feed`. */
export async function importFeed(
  db: Db,
  clock: Clock,
  text: string,
  opts: ImportOptions,
): Promise<ImportResult> {
  const prepared = prepareFeed(text, opts.timezone);
  if (!prepared.ok) throw invalidField(prepared.field, prepared.message);
  return importParsedFeed(db, clock, prepared.feed, opts);
}

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

type MeetingValues = Omit<ImportedMeetingFields, 'groupId'>;

interface GroupPlan {
  key: string;
  name: string;
  description: string;
  format: 'in_person' | 'online' | 'hybrid';
}

interface PlannedRow {
  row: NormalizedMeeting;
  values: MeetingValues;
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
    planned.push({ row, values: meetingValues(row), group });
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

function meetingValues(row: NormalizedMeeting): MeetingValues {
  const weekly: MeetingSeries = {
    timezone: row.timezone,
    startTime: row.time,
    durationMinutes: row.durationMinutes,
    startsOn: '2000-01-01', // not part of the rule body
    endsOn: null,
    recurrence: { kind: 'weekly', days: [WEEKDAYS[row.day]!], interval: 1 },
  };
  return {
    name: row.name,
    timezone: row.timezone,
    startTime: row.time,
    durationMinutes: row.durationMinutes,
    rrule: toRRule(weekly),
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
    attendance: row.attendanceOption,
    url: row.url,
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
] as const satisfies readonly (keyof MeetingValues)[];

function isUnchanged(existing: ImportedMeetingRow, values: MeetingValues): boolean {
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

/** A URL-safe slug: lower case, ASCII, dashes, at most 56 characters. */
export function slugify(text: string, fallback: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 56)
    .replace(/-+$/g, '');
  return slug || fallback;
}

function freeSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** A new meeting's slug: from its key, with its name in front when the key is only a number. */
function meetingSlugBase(row: NormalizedMeeting): string {
  return /^\d+$/.test(row.key)
    ? slugify(`${row.name} ${row.key}`, 'meeting')
    : slugify(row.key, 'meeting');
}

class DryRunRollback extends Error {}

interface ImportState {
  existing: Map<string, ImportedMeetingRow>;
  groupIds: Map<string, string>;
  meetingSlugs: Set<string>;
  groupSlugs: Set<string>;
}

interface BatchOutcome {
  imported: number;
  updated: number;
  unchanged: number;
  skipped: ImportSkip[];
  groups: Map<string, string>;
  meetingSlugs: string[];
  groupSlugs: string[];
}

/** Imports rows parsed by `parseFeed` (see the module comment for the rules). */
export async function importParsedFeed(
  db: Db,
  clock: Clock,
  feed: ParsedFeed,
  opts: ImportOptions,
): Promise<ImportResult> {
  const dryRun = opts.dryRun ?? false;
  const batchSize = Math.max(1, opts.batchSize ?? 500);
  const { planned, skipped: tooLongRows } = planImport(feed.rows);
  const skipped: ImportSkip[] = [
    ...feed.skipped.map((s) => ({
      slug: s.slug,
      reason: s.reason,
      message: s.message || SKIP_REASONS[s.reason],
      row: s.index + 1,
    })),
    ...tooLongRows,
  ];
  const totals = { imported: 0, updated: 0, unchanged: 0, groupsCreated: 0 };
  const total = planned.length;
  let done = 0;
  const progress = () => opts.onProgress?.({ done, total });
  progress();

  const state: ImportState = {
    existing: new Map(
      (await repo.listImportedMeetings(db, opts.source)).map((m) => [m.externalKey, m]),
    ),
    groupIds: await repo.listImportedGroups(db, opts.source),
    meetingSlugs: new Set(await repo.listMeetingSlugs(db)),
    groupSlugs: new Set(await repo.listGroupSlugs(db)),
  };
  const batches: PlannedRow[][] = [];
  for (let i = 0; i < planned.length; i += batchSize) {
    batches.push(planned.slice(i, i + batchSize));
  }

  const writeBatch = async (tx: DbOrTx, batch: PlannedRow[]): Promise<BatchOutcome> => {
    // Fast path: the whole batch in a few multi-row statements. When the database refuses
    // any of it, that savepoint is undone and the rows are written one by one, each in its
    // own savepoint, so only the refused rows are skipped.
    const bulk = await writeBatchInBulk(tx, clock, opts.source, batch, state).catch(() => null);
    if (bulk) {
      done += batch.length;
      return bulk;
    }
    const out = emptyOutcome();
    const takenMeetingSlugs = new Set(state.meetingSlugs);
    const takenGroupSlugs = new Set(state.groupSlugs);
    for (const [i, plan] of batch.entries()) {
      await writeRow(tx, clock, opts.source, plan, state, out, takenMeetingSlugs, takenGroupSlugs);
      done++;
      if (i % 50 === 49) progress();
    }
    return out;
  };
  const merge = (out: BatchOutcome) => {
    totals.imported += out.imported;
    totals.updated += out.updated;
    totals.unchanged += out.unchanged;
    totals.groupsCreated += out.groups.size;
    skipped.push(...out.skipped);
    for (const [key, id] of out.groups) state.groupIds.set(key, id);
    for (const slug of out.meetingSlugs) state.meetingSlugs.add(slug);
    for (const slug of out.groupSlugs) state.groupSlugs.add(slug);
    progress();
  };

  if (dryRun) {
    // One transaction for the whole feed, rolled back: the counts are the real ones.
    await db
      .transaction(async (tx) => {
        for (const batch of batches) merge(await writeBatch(tx, batch));
        throw new DryRunRollback();
      })
      .catch((err: unknown) => {
        if (!(err instanceof DryRunRollback)) throw err;
      });
  } else {
    for (const batch of batches) {
      merge(await db.transaction((tx) => writeBatch(tx, batch)));
    }
  }

  const result: ImportResult = { ...totals, skipped, dryRun };
  if (!dryRun) {
    await recordAudit(db, clock, {
      actorId: opts.actorId ?? null,
      subjectId: null,
      action: 'meetings.imported',
      resourceType: 'meeting_import',
      meta: {
        source: opts.source.slice(0, 200),
        via: opts.via ?? 'cli',
        imported: totals.imported,
        updated: totals.updated,
        unchanged: totals.unchanged,
        skipped: skipped.length,
        groupsCreated: totals.groupsCreated,
      },
    });
    if (totals.imported + totals.updated + totals.groupsCreated > 0) opts.onChanged?.();
  }
  return result;
}

function emptyOutcome(): BatchOutcome {
  return {
    imported: 0,
    updated: 0,
    unchanged: 0,
    skipped: [],
    groups: new Map(),
    meetingSlugs: [],
    groupSlugs: [],
  };
}

/** The whole batch in one savepoint with multi-row inserts; throws when the database refuses. */
async function writeBatchInBulk(
  tx: DbOrTx,
  clock: Clock,
  source: string,
  batch: readonly PlannedRow[],
  state: ImportState,
): Promise<BatchOutcome> {
  const out = emptyOutcome();
  const now = clock.now();
  const takenMeetingSlugs = new Set(state.meetingSlugs);
  const takenGroupSlugs = new Set(state.groupSlugs);
  const updates: { existing: ImportedMeetingRow; plan: PlannedRow }[] = [];
  const inserts: PlannedRow[] = [];
  for (const plan of batch) {
    const existing = state.existing.get(plan.row.key);
    if (!existing) inserts.push(plan);
    else if (isUnchanged(existing, plan.values)) out.unchanged++;
    else updates.push({ existing, plan });
  }
  await (tx as Db).transaction(async (sp) => {
    const newGroups: repo.NewImportedGroup[] = [];
    for (const { group } of inserts) {
      if (state.groupIds.has(group.key) || newGroups.some((g) => g.externalKey === group.key)) {
        continue;
      }
      const slug = freeSlug(slugify(group.name, 'group'), takenGroupSlugs);
      takenGroupSlugs.add(slug);
      out.groupSlugs.push(slug);
      newGroups.push(groupValues(group, slug, source, now));
    }
    for (const created of await repo.insertGroups(sp, newGroups)) {
      out.groups.set(created.externalKey, created.id);
    }
    const meetings = inserts.map(({ row, values, group }) => {
      const slug = freeSlug(meetingSlugBase(row), takenMeetingSlugs);
      takenMeetingSlugs.add(slug);
      out.meetingSlugs.push(slug);
      return {
        ...values,
        groupId: state.groupIds.get(group.key) ?? out.groups.get(group.key)!,
        slug,
        startsOn: recentWeekday(now, row.timezone, row.day),
        externalSource: source,
        externalKey: row.key,
        createdAt: now,
        updatedAt: now,
      };
    });
    for (let i = 0; i < meetings.length; i += 200) {
      await repo.insertMeetings(sp, meetings.slice(i, i + 200));
    }
    for (const { existing, plan } of updates) {
      await repo.updateImportedMeeting(sp, existing.id, updatePatch(existing, plan, now));
    }
  });
  out.imported = inserts.length;
  out.updated = updates.length;
  return out;
}

function groupValues(
  group: GroupPlan,
  slug: string,
  source: string,
  now: Date,
): repo.NewImportedGroup {
  return {
    slug,
    name: group.name,
    description: group.description,
    format: group.format,
    isOpen: true,
    externalSource: source,
    externalKey: group.key,
    createdAt: now,
    updatedAt: now,
  };
}

/** New values; a new `startsOn` only when the day or zone changed. */
function updatePatch(existing: ImportedMeetingRow, { row, values }: PlannedRow, now: Date) {
  const moved = existing.rrule !== values.rrule || existing.timezone !== values.timezone;
  return {
    ...values,
    ...(moved ? { startsOn: recentWeekday(now, row.timezone, row.day) } : {}),
    updatedAt: now,
  };
}

async function writeRow(
  tx: DbOrTx,
  clock: Clock,
  source: string,
  plan: PlannedRow,
  state: ImportState,
  out: BatchOutcome,
  takenMeetingSlugs: Set<string>,
  takenGroupSlugs: Set<string>,
): Promise<void> {
  const { row, values, group } = plan;
  const existing = state.existing.get(row.key);
  if (existing && isUnchanged(existing, values)) {
    out.unchanged++;
    return;
  }
  const now = clock.now();
  let createdGroup: { key: string; id: string; slug: string } | null = null;
  let meetingSlug: string | null = null;
  try {
    await (tx as Db).transaction(async (sp) => {
      if (existing) {
        await repo.updateImportedMeeting(sp, existing.id, updatePatch(existing, plan, now));
        return;
      }
      let groupId = state.groupIds.get(group.key) ?? out.groups.get(group.key);
      if (!groupId) {
        const slug = freeSlug(slugify(group.name, 'group'), takenGroupSlugs);
        const [created] = await repo.insertGroups(sp, [groupValues(group, slug, source, now)]);
        groupId = created!.id;
        createdGroup = { key: group.key, id: groupId, slug };
      }
      meetingSlug = freeSlug(meetingSlugBase(row), takenMeetingSlugs);
      await repo.insertMeetings(sp, [
        {
          ...values,
          groupId,
          slug: meetingSlug,
          startsOn: recentWeekday(now, row.timezone, row.day),
          externalSource: source,
          externalKey: row.key,
          createdAt: now,
          updatedAt: now,
        },
      ]);
    });
  } catch (err) {
    out.skipped.push({
      slug: row.key,
      reason: 'database_error',
      message: `"${row.key}" could not be saved: ${databaseMessage(err)}.`,
      row: row.index + 1,
    });
    return;
  }
  if (existing) {
    out.updated++;
    return;
  }
  out.imported++;
  const created = createdGroup as { key: string; id: string; slug: string } | null;
  if (created) {
    out.groups.set(created.key, created.id);
    out.groupSlugs.push(created.slug);
    takenGroupSlugs.add(created.slug);
  }
  if (meetingSlug) {
    out.meetingSlugs.push(meetingSlug);
    takenMeetingSlugs.add(meetingSlug);
  }
}

/** The database's own words (drizzle wraps them), shortened. */
function databaseMessage(err: unknown): string {
  let e: unknown = err;
  while (e instanceof Error && e.cause instanceof Error) e = e.cause;
  const message = e instanceof Error ? e.message : String(e);
  return message.split('\n')[0]!.slice(0, 200);
}

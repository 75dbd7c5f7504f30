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
 * Validation: every row is checked by the meeting editor's rules and written through the
 * meetings module's series service (meetings.series.service.ts), so an import stores only what
 * the editor would accept, with the attendance the editor derives; a row it would refuse is
 * skipped as `invalid_meeting`, naming the field.
 *
 * Recurrence: each row meets weekly on its day, `FREQ=WEEKLY;BYDAY=XX`. `startsOn` is the
 * most recent such weekday on or before the import date in the meeting's zone: always a real
 * occurrence, recent enough that expanding the rule stays cheap. A re-import keeps it unless
 * the day or zone changed.
 */
import type { ImportResult, ImportSkip } from '../../../contracts/meeting-guide.ts';
import type { Db, DbOrTx } from '../../db/client.ts';
import type { Clock } from '../../lib/clock.ts';
import { invalidField } from '../../lib/errors.ts';
import { freeSlug, slugify } from '../../lib/slugs.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { MeetingFields, NewSeries } from '../meetings/meetings.series.service.ts';
import {
  listImportedMeetings,
  listMeetingSlugs,
  type ImportedMeetingRow,
} from '../meetings/meetings.directory.service.ts';
import { createSeries, updateSeries } from '../meetings/meetings.series.service.ts';
import {
  type GroupPlan,
  type PlannedRow,
  decideRow,
  meetingSlugBase,
  planImport,
} from './meeting-guide.import-plan.ts';
import { type ParsedFeed, SKIP_REASONS, prepareFeed } from './meeting-guide.parse.ts';

export { prepareFeed, type PreparedFeed } from './meeting-guide.parse.ts';
import * as repo from './meeting-guide.repository.ts';

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
    existing: new Map((await listImportedMeetings(db, opts.source)).map((m) => [m.externalKey, m])),
    groupIds: await repo.listImportedGroups(db, opts.source),
    meetingSlugs: new Set(await listMeetingSlugs(db)),
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
  const updates: { existing: ImportedMeetingRow; fields: MeetingFields }[] = [];
  const inserts: (PlannedRow & { fields: MeetingFields })[] = [];
  for (const plan of batch) {
    const existing = state.existing.get(plan.row.key);
    const decision = decideRow(plan, existing, now);
    if (decision.kind === 'unchanged') out.unchanged++;
    else if (decision.kind === 'invalid') out.skipped.push(decision.skip);
    else if (existing) updates.push({ existing, fields: decision.fields });
    else inserts.push({ ...plan, fields: decision.fields });
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
    const meetings = inserts.map(({ row, fields, url, group }) => {
      const slug = freeSlug(meetingSlugBase(row), takenMeetingSlugs);
      takenMeetingSlugs.add(slug);
      out.meetingSlugs.push(slug);
      const groupId = state.groupIds.get(group.key) ?? out.groups.get(group.key)!;
      return importedSeries({ row, url, fields }, groupId, slug, source);
    });
    for (let i = 0; i < meetings.length; i += 200) {
      await createSeries(sp, now, meetings.slice(i, i + 200));
    }
    for (const { existing, fields } of updates) {
      await updateSeries(sp, now, existing.id, fields, { prefix: 'row' });
    }
  });
  out.imported = inserts.length;
  out.updated = updates.length;
  return out;
}

/** A new series from a feed row, remembering where it came from. */
function importedSeries(
  plan: Pick<PlannedRow, 'row' | 'url'> & { fields: MeetingFields },
  groupId: string,
  slug: string,
  source: string,
): NewSeries {
  const origin = { url: plan.url, externalSource: source, externalKey: plan.row.key };
  return { groupId, slug, fields: plan.fields, origin, prefix: 'row' };
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
  const { row, url, group } = plan;
  const existing = state.existing.get(row.key);
  const now = clock.now();
  const decision = decideRow(plan, existing, now);
  if (decision.kind === 'unchanged') {
    out.unchanged++;
    return;
  }
  if (decision.kind === 'invalid') {
    out.skipped.push(decision.skip);
    return;
  }
  const { fields } = decision;
  let createdGroup: { key: string; id: string; slug: string } | null = null;
  let meetingSlug: string | null = null;
  try {
    await (tx as Db).transaction(async (sp) => {
      if (existing) {
        await updateSeries(sp, now, existing.id, fields, { prefix: 'row' });
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
      await createSeries(sp, now, [
        importedSeries({ row, url, fields }, groupId, meetingSlug, source),
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

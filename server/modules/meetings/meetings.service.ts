import type { z } from 'zod';
import type {
  CreateMeetingBody,
  MeetingList,
  MeetingPage,
  MeetingView,
  UpdateMeetingBody,
} from '../../../contracts/meetings.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { UserRow } from '../../db/schema/index.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { invalidField, notFound } from '../../lib/errors.ts';
import {
  authorize,
  can,
  isPersonalView,
  meetingVisibility,
  type Actor,
  type MeetingVisibility,
} from '../../policies/index.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { retryOnUniqueViolation } from '../../lib/db-errors.ts';
import { freeSlug } from '../../lib/slugs.ts';
import { loadGroup, type LoadedGroup } from './meetings.groups.ts';
import {
  calendarLinksFor,
  directionsFor,
  presentMeeting,
  presentOccurrence,
} from './meetings.presenter.ts';
import * as repo from './meetings.repository.ts';
import type { MeetingExceptionRow, MeetingRow } from './meetings.repository.ts';
import {
  changedFields,
  fieldsFromRow,
  seriesOf,
  toOccurrenceExceptions,
  meetingSlug,
  type MeetingFields,
} from './meetings.rules.ts';
import { createSeries, EMPTY_DETAILS, updateSeries } from './meetings.series.service.ts';
import { firstOccurrenceId, nextOccurrences } from './recurrence.ts';
import { instantToLocal } from './time-zones.ts';

/** A meeting series: reading it with its next occurrences, creating, editing and ending it. */

export type MeetingsDeps = ServiceDeps;

/** Who is looking, for times: the `tz` they asked for, else their own zone and locale. */
export interface Viewer {
  tz?: string;
  user: Pick<UserRow, 'timezone' | 'locale'> | null;
}

const UPCOMING = 8;

// --- reading -----------------------------------------------------------------------------

/** A meeting by slug; 404 when there is none. */
export async function getMeeting(db: DbOrTx, slug: string): Promise<MeetingRow> {
  const row = await repo.findMeetingBySlug(db, slug);
  if (!row) throw notFound('That meeting');
  return row;
}

/** What of a group's meetings the actor may see: the policy's one answer for every part. */
const visibilityFor = (deps: MeetingsDeps, actor: Actor | null, loaded: LoadedGroup) =>
  meetingVisibility(actor, loaded.context, deps.policy);

/**
 * An answer, and whether it is personal: it shows what only the group's people may see, so
 * no cache may keep it.
 */
export interface Answer<T> {
  body: T;
  personal: boolean;
}

function viewerZone(viewer: Viewer, meetingZone: string): string {
  return viewer.tz ?? viewer.user?.timezone ?? meetingZone;
}

const viewerLocale = (viewer: Viewer) => viewer.user?.locale ?? 'en';

export { toOccurrenceExceptions };

function upcoming(
  deps: MeetingsDeps,
  row: MeetingRow,
  exceptions: readonly MeetingExceptionRow[],
  viewer: { zone: string; locale: string; visibility: MeetingVisibility },
  count: number,
) {
  const byId = new Map(exceptions.map((e) => [e.occurrenceId, e]));
  return nextOccurrences(
    seriesOf(row),
    deps.clock.now(),
    count,
    toOccurrenceExceptions(exceptions),
  ).map((o) => presentOccurrence(o, byId.get(o.occurrenceId), row.timezone, viewer));
}

/** Everything the meeting page shows. Public; a closed group's hidden parts only for its people. */
export async function getMeetingPage(
  deps: MeetingsDeps,
  actor: Actor | null,
  slug: string,
  viewer: Viewer,
): Promise<Answer<MeetingPage>> {
  const row = await getMeeting(deps.db, slug);
  const loaded = await loadGroup(deps.db, actor, row.groupId);
  const visibility = visibilityFor(deps, actor, loaded);
  const meeting = presentMeeting(row, loaded.group, visibility);
  const exceptions = await repo.listExceptions(deps.db, [row.id]);
  const zone = viewerZone(viewer, row.timezone);
  const series = seriesOf(row);
  const locale = viewerLocale(viewer);
  return {
    body: {
      meeting,
      viewerTimezone: zone,
      occurrences: upcoming(deps, row, exceptions, { zone, locale, visibility }, UPCOMING),
      directions: directionsFor(meeting),
      calendar: calendarLinksFor(meeting, series, firstOccurrenceId(series), deps.publicUrl),
      canManage: can(actor, 'group.manage', loaded.context, deps.policy),
    },
    personal: isPersonalView(loaded.group.isOpen, visibility),
  };
}

/** A group's meetings, each with its next occurrence. */
export async function listGroupMeetings(
  deps: MeetingsDeps,
  actor: Actor | null,
  groupSlug: string,
  viewer: Viewer,
): Promise<Answer<MeetingList>> {
  const loaded = await loadGroup(deps.db, actor, groupSlug);
  const visibility = visibilityFor(deps, actor, loaded);
  const rows = await repo.listMeetingsOfGroup(deps.db, loaded.group.id);
  const exceptions = await repo.listExceptions(
    deps.db,
    rows.map((r) => r.id),
  );
  const zoneAsked = viewer.tz ?? viewer.user?.timezone ?? null;
  const locale = viewerLocale(viewer);
  return {
    body: {
      viewerTimezone: zoneAsked,
      meetings: rows.map((row) => {
        const own = exceptions.filter((e) => e.meetingId === row.id);
        const zone = zoneAsked ?? row.timezone;
        return {
          ...presentMeeting(row, loaded.group, visibility),
          nextOccurrence: upcoming(deps, row, own, { zone, locale, visibility }, 1)[0] ?? null,
        };
      }),
    },
    personal: isPersonalView(loaded.group.isOpen, visibility),
  };
}

// --- writing -----------------------------------------------------------------------------

/** Creates a series in a group (its facilitators and admins). The slug comes from the name. */
export async function createMeeting(
  deps: MeetingsDeps,
  actor: Actor,
  groupSlug: string,
  body: CreateMeetingBody,
): Promise<z.infer<typeof MeetingView>> {
  const fields: MeetingFields = { ...EMPTY_DETAILS, ...body };
  // Two meetings with the same name at once: the second takes a random suffix.
  const created = await retryOnUniqueViolation(2, (attempt) =>
    deps.db.transaction(async (tx) => {
      const loaded = await loadGroup(tx, actor, groupSlug);
      authorize(actor, 'group.manage', loaded.context, deps.policy);
      const base = meetingSlug(fields.name);
      const slug =
        attempt === 0
          ? freeSlug(base, await repo.findSlugsLike(tx, base))
          : `${base}-${Math.random().toString(36).slice(2, 8)}`;
      const now = deps.clock.now();
      const [row] = await createSeries(tx, now, [
        { groupId: loaded.group.id, slug, fields, prefix: 'body' },
      ]);
      await recordAudit(tx, deps.clock, {
        actorId: actor.userId,
        subjectId: null,
        action: 'meeting.created',
        resourceType: 'meeting',
        resourceId: row!.id,
        meta: { groupId: loaded.group.id },
      });
      return {
        view: presentMeeting(row!, loaded.group, visibilityFor(deps, actor, loaded)),
        id: row!.id,
      };
    }),
  );
  deps.directoryChanged({ meetings: [created.id] });
  return created.view;
}

/**
 * The one path every change to a series' details goes through (edits, ending, accepted
 * change requests): merge, validate the whole, write, audit. Returns the fields changed.
 */
export async function applyChanges(
  tx: DbOrTx,
  deps: MeetingsDeps,
  actor: Actor,
  row: MeetingRow,
  patch: UpdateMeetingBody,
  opts: {
    prefix: string;
    status?: 400 | 409;
    action: 'meeting.updated' | 'meeting.ended';
    meta?: Record<string, string>;
  },
): Promise<{ row: MeetingRow; changed: string[] }> {
  const current = fieldsFromRow(row);
  const changed = changedFields(current, patch);
  if (changed.length === 0) return { row, changed };
  const merged: MeetingFields = { ...current };
  for (const name of changed) Object.assign(merged, { [name]: patch[name] });
  const updated = await updateSeries(tx, deps.clock.now(), row.id, merged, opts);
  await recordAudit(tx, deps.clock, {
    actorId: actor.userId,
    subjectId: null,
    action: opts.action,
    resourceType: 'meeting',
    resourceId: row.id,
    meta: { groupId: row.groupId, fields: changed.join(','), ...opts.meta },
  });
  return { row: updated, changed };
}

/** Loads a meeting locked for change and checks the actor manages its group. */
export async function loadForManage(
  tx: DbOrTx,
  deps: MeetingsDeps,
  actor: Actor,
  slug: string,
): Promise<{ row: MeetingRow; loaded: LoadedGroup }> {
  const found = await getMeeting(tx, slug);
  const loaded = await loadGroup(tx, actor, found.groupId);
  authorize(actor, 'group.manage', loaded.context, deps.policy);
  const row = await repo.lockMeeting(tx, found.id);
  if (!row) throw notFound('That meeting');
  return { row, loaded };
}

export async function updateMeeting(
  deps: MeetingsDeps,
  actor: Actor,
  slug: string,
  patch: UpdateMeetingBody,
): Promise<z.infer<typeof MeetingView>> {
  if (Object.keys(patch).length === 0) {
    throw invalidField('body', 'send at least one field to change');
  }
  const result = await deps.db.transaction(async (tx) => {
    const { row, loaded } = await loadForManage(tx, deps, actor, slug);
    const applied = await applyChanges(tx, deps, actor, row, patch, {
      prefix: 'body',
      action: 'meeting.updated',
    });
    return {
      view: presentMeeting(applied.row, loaded.group, visibilityFor(deps, actor, loaded)),
      changed: applied.changed,
      id: row.id,
    };
  });
  if (result.changed.length > 0) deps.directoryChanged({ meetings: [result.id] });
  return result.view;
}

/** Ends a series: its last day is `endsOn` (default today in the meeting's zone). */
export async function endMeeting(
  deps: MeetingsDeps,
  actor: Actor,
  slug: string,
  endsOn: string | undefined,
): Promise<z.infer<typeof MeetingView>> {
  const result = await deps.db.transaction(async (tx) => {
    const { row, loaded } = await loadForManage(tx, deps, actor, slug);
    const series = seriesOf(row);
    if (series.recurrence.kind === 'once') {
      throw invalidField(
        'body.endsOn',
        'a one-off meeting has nothing to end; cancel its occurrence instead',
      );
    }
    const lastDay = endsOn ?? instantToLocal(deps.clock.now(), row.timezone).date;
    const applied = await applyChanges(
      tx,
      deps,
      actor,
      row,
      { endsOn: lastDay },
      {
        prefix: 'body',
        action: 'meeting.ended',
        meta: { endsOn: lastDay },
      },
    );
    return {
      view: presentMeeting(applied.row, loaded.group, visibilityFor(deps, actor, loaded)),
      changed: applied.changed,
      id: row.id,
    };
  });
  if (result.changed.length > 0) deps.directoryChanged({ meetings: [result.id] });
  return result.view;
}
